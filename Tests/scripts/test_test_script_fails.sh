#!/usr/bin/env bash
# The test script's own check: bin/test.sh must fail when a step it runs fails, and say which step in its last
# line. In a copy of the tree (the files git lists, tracked and untracked-not-ignored) in a temporary folder:
#   1. the first Swift file under Sources/S3Signer (a small target with no package dependency, so the build
#      stops early) gets a type error; `bin/test.sh --filter SigningKeyCacheTests` runs with its own SwiftPM
#      scratch path (DATAHUB_SCRATCH_PATH) and the existing venv (DATAHUB_VENV, nothing reinstalled) and must
#      exit non-zero with "bin/test.sh: FAILED: swift build --build-tests" and run no test;
#   2. Tests/tools/requirements.txt gets a line pip cannot parse; with a fresh venv, bin/test.sh must exit
#      non-zero naming the pip step, before any build, and write no requirements stamp.
# Each run is bounded by DATAHUB_SELF_CHECK_TIMEOUT seconds (default 600). Prints PASS/FAIL per check and
# "N passed, N failed"; exits 1 on any failure.
set -uo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
venv="${DATAHUB_VENV:-$repo/.venv}"
limit="${DATAHUB_SELF_CHECK_TIMEOUT:-600}"
work="$(mktemp -d "${TMPDIR:-/tmp}/datahub-self-check.XXXXXX")"
mkdir -p "$work/tmp"
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
passed=0
failed=0

pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1${2:+: $2}"; failed=$((failed + 1)); }

# Copies the files git lists (or, outside git, everything but build output, venvs and logs) to $1.
copy_tree() {
    local target=$1
    mkdir -p "$target"
    if git -C "$repo" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
        (cd "$repo" && git ls-files -z --cached --others --exclude-standard |
            tar --null --ignore-failed-read -T - -cf - 2>/dev/null) | tar -C "$target" -xf -
    else
        tar -C "$repo" --exclude=./.build --exclude=./.venv --exclude=./logs --exclude=./.deploy -cf - . |
            tar -C "$target" -xf -
    fi
    [[ -f "$target/bin/test.sh" && -f "$target/Package.swift" ]]
}

# Runs the copy's bin/test.sh with the given environment additions and arguments, bounded; output in $work/$1.log.
#   run_copy NAME TREE [VAR=VALUE...] -- [ARGS...]
run_copy() {
    local name=$1 tree=$2 vars=()
    shift 2
    while [[ $# -gt 0 && "$1" != -- ]]; do vars+=("$1"); shift; done
    shift
    # A clean environment but for what a run needs: nothing of an outer bin/test.sh (its binary, pid dir) leaks in.
    timeout --kill-after=20 "$limit" env -i PATH="$PATH" HOME="${HOME:-/root}" TMPDIR="$work/tmp" \
        "${vars[@]}" bash "$tree/bin/test.sh" "$@" >"$work/$name.log" 2>&1
}

build_failure() {
    local tree="$work/tree" file status started elapsed
    copy_tree "$tree" || { fail "copy the tree" "no bin/test.sh or Package.swift in the copy"; return; }
    file="$(find "$tree/Sources/S3Signer" -name '*.swift' | LC_ALL=C sort | head -n 1)"
    [[ -n "$file" ]] || { fail "a Swift file to break" "none under Sources/S3Signer"; return; }
    printf '\nlet selfCheckBrokenOnPurpose: Int = "not an Int"\n' >>"$file"
    started=$SECONDS
    run_copy build "$tree" DATAHUB_SCRATCH_PATH="$work/scratch" DATAHUB_VENV="$venv" -- --filter SigningKeyCacheTests
    status=$?
    elapsed=$((SECONDS - started))
    echo "bin/test.sh with ${file#"$tree"/} broken: exit $status after $elapsed s"
    if [[ $status -eq 124 || $status -eq 137 ]]; then
        fail "broken build fails" "bin/test.sh did not finish within $limit s"; tail -n 20 "$work/build.log"; return
    fi
    if [[ $status -ne 0 ]]; then pass "broken build: bin/test.sh exits $status"; else fail "broken build" "bin/test.sh exited 0"; fi
    if tail -n 1 "$work/build.log" | grep -q '^bin/test.sh: FAILED: swift build --build-tests (exit [1-9]'; then
        pass "broken build: the last line names the step"
    else
        fail "broken build: the last line names the step" "last lines: $(tail -n 3 "$work/build.log")"
    fi
    if grep -q "selfCheckBrokenOnPurpose\|${file##*/}.*error" "$work/build.log"; then
        pass "broken build: the compiler's error is in the output"
    else
        fail "broken build: the compiler's error is in the output"
    fi
    if grep -qE 'Test run (started|with)|Executed [0-9]+ test' "$work/build.log"; then
        fail "broken build: no test runs on a failed build" "$(grep -E 'Test run|Executed' "$work/build.log" | head -3)"
    else
        pass "broken build: no test runs on a failed build"
    fi
    if grep -q 'bin/test.sh: FAILED: swift build' "$tree"/logs/data-app/test_*.log 2>/dev/null; then
        pass "broken build: the log file ends with the reason too"
    else
        fail "broken build: the log file ends with the reason too"
    fi
}

pip_failure() {
    local tree="$work/tree-pip" status
    copy_tree "$tree" || { fail "copy the tree" "no bin/test.sh or Package.swift in the copy"; return; }
    echo 'this is (not a requirement' >>"$tree/Tests/tools/requirements.txt"
    run_copy pip "$tree" DATAHUB_SCRATCH_PATH="$work/scratch-pip" DATAHUB_VENV="$work/venv" --
    status=$?
    if [[ $status -ne 0 && $status -ne 124 && $status -ne 137 ]]; then
        pass "broken requirements: bin/test.sh exits $status"
    else
        fail "broken requirements" "bin/test.sh exited $status"
    fi
    if tail -n 1 "$work/pip.log" | grep -q '^bin/test.sh: FAILED: pip install'; then
        pass "broken requirements: the last line names the pip step"
    else
        fail "broken requirements: the last line names the pip step" "last lines: $(tail -n 3 "$work/pip.log")"
    fi
    if [[ -e "$work/venv/.requirements.sha256" ]]; then
        fail "broken requirements: no stamp" "the requirements stamp was written although pip failed"
    else
        pass "broken requirements: no stamp written"
    fi
    if [[ -e "$work/scratch-pip" ]] || grep -q 'Compiling\|Building for' "$work/pip.log"; then
        fail "broken requirements: nothing built after the failure"
    else
        pass "broken requirements: nothing built after the failure"
    fi
}

main() {
    echo "test script self-check in $work"
    command -v timeout >/dev/null || { fail "timeout" "coreutils timeout not found"; }
    [[ -x "$venv/bin/python" ]] || fail "venv" "$venv has no python (run bin/test.sh once, or set DATAHUB_VENV)"
    if [[ $failed -eq 0 ]]; then
        pip_failure
        build_failure
    fi
    echo "test script self-check: $passed passed, $failed failed"
    [[ $failed -eq 0 ]]
}

main
