#!/usr/bin/env bash
# Exit codes of the two health checks against the real binary (loopback only, no SeaweedFS needed):
#   bin/health-check.sh   0 healthy (datahub on the embedded file store), 2 API up but storage down (datahub whose
#                         S3 endpoint is a loopback port nothing listens on), 1 API down (nothing on the port),
#                         3 curl missing (a PATH without curl; nothing checked);
#   datahub healthcheck   0 healthy, non-zero with the storage down and with the API down.
# Each case also checks the line that explains it. Prints PASS/FAIL and "N passed, N failed"; exits 1 on a failure.
# Env: DATAHUB_BINARY (else <repo>/.build/debug/datahub), DATAHUB_TEST_PIDDIR (bin/test.sh's, for its cleanup).
set -uo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
binary="${DATAHUB_BINARY:-$repo/.build/debug/datahub}"
work="$(mktemp -d "${TMPDIR:-/tmp}/datahub-health-check-test.XXXXXX")"
# shellcheck source=bin/lib/common.sh
source "$repo/bin/lib/common.sh"
# shellcheck source=Tests/tools/no_curl_path.sh
source "$repo/Tests/tools/no_curl_path.sh"
passed=0
failed=0
pids=()

# shellcheck disable=SC2317  # runs from the EXIT trap
cleanup() {
    local pid
    for pid in "${pids[@]}"; do stop_pid "$pid" 10 2>/dev/null; done
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1${2:+: $2}"; failed=$((failed + 1)); }

# expect NAME WANTED_STATUS TEXT COMMAND...: runs the command, checks its exit status and that its output has TEXT.
expect() {
    local name=$1 wanted=$2 text=$3 out status=0
    shift 3
    out="$("$@" 2>&1)" || status=$?
    if [[ $status -eq $wanted && "$out" == *"$text"* ]]; then
        pass "$name (exit $status)"
    else
        fail "$name" "exit $status (wanted $wanted), output: $out"
    fi
}

# Starts datahub --api-only on a free port with the given extra arguments; prints the port once /health is 200.
start_datahub() {
    local name=$1 port pid
    shift
    port="$(free_port)"
    "$binary" --api-only --port "$port" --log-dir "$work/$name-logs" "$@" >"$work/$name.out" 2>&1 &
    pid=$!
    pids+=("$pid")
    [[ -n "${DATAHUB_TEST_PIDDIR:-}" && -d "$DATAHUB_TEST_PIDDIR" ]] && echo "$pid" >>"$DATAHUB_TEST_PIDDIR/health-check-test.pids"
    wait_for_200 "http://127.0.0.1:$port/health" 20 || { echo "datahub ($name) did not start: $(cat "$work/$name.out")" >&2; return 1; }
    echo "$port"
}

main() {
    local healthy down dead nobody
    [[ -x "$binary" ]] || { fail "datahub binary" "not found at $binary (set DATAHUB_BINARY)"; return; }
    healthy="$(start_datahub file --storage file --data-dir "$work/data")" || { fail "start datahub on the file store"; return; }
    # An S3 endpoint on a loopback port that nothing listens on: the API runs, its storage is down.
    dead="$(free_port "$healthy")"
    down="$(MINIO_ACCESS_KEY=healthcheck MINIO_SECRET_KEY=healthcheck-secret-0123456789 start_datahub s3 \
        --s3-endpoint "http://127.0.0.1:$dead" --s3-connect-timeout 0.5)" || { fail "start datahub with its store down"; return; }
    for _ in {1..40}; do
        [[ "$(http_status "http://127.0.0.1:$down/storage/health")" == 503 ]] && break
        sleep 0.25
    done
    nobody="$(free_port "$healthy" "$down" "$dead")"

    expect "health-check.sh: healthy" 0 "Storage bucket is accessible" "$repo/bin/health-check.sh" --url "http://127.0.0.1:$healthy"
    expect "health-check.sh: storage down" 2 "Storage is unavailable (HTTP 503)" "$repo/bin/health-check.sh" --url "http://127.0.0.1:$down"
    expect "health-check.sh: API down" 1 "DataHub API is not reachable" "$repo/bin/health-check.sh" --url "http://127.0.0.1:$nobody"
    expect "health-check.sh: bad usage" 64 "unknown argument" "$repo/bin/health-check.sh" --no-such-flag

    local bin
    bin="$(path_without_curl "$work/no-curl-bin")"
    expect "health-check.sh: curl missing" 3 "curl is not installed" env PATH="$bin" "$repo/bin/health-check.sh" --url "http://127.0.0.1:$healthy"

    expect "datahub healthcheck: healthy" 0 "Storage bucket is accessible" "$binary" healthcheck --url "http://127.0.0.1:$healthy"
    expect "datahub healthcheck: storage down" 1 "Storage is unavailable (HTTP 503" "$binary" healthcheck --url "http://127.0.0.1:$down"
    expect "datahub healthcheck: API down" 1 "DataHub API is not answering (no answer" "$binary" healthcheck --url "http://127.0.0.1:$nobody" --timeout 1
}

main
echo "health check tests: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
