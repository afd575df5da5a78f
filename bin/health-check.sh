#!/usr/bin/env bash
# Checks a running DataHub: GET /health (the API itself) and GET /storage/health (the bucket behind it).
# Prints one line for each and exits 0 only when both answer 200; usable from cron or a monitoring system.
#   bin/health-check.sh [--url URL] [--cacert FILE]
# URL defaults to $DATAHUB_URL, else http://127.0.0.1:5000. $DATAHUB_API_KEY, when set, is sent as a bearer
# token (through curl's stdin, so it never shows in `ps`). --cacert (or $DATAHUB_CA_FILE) trusts a private CA.
# Exit status: 0 healthy, 1 API unreachable or unhealthy, 2 API up but storage unavailable, 3 curl missing or
# unable to run (nothing was checked), 64 bad usage.
set -euo pipefail

url="${DATAHUB_URL:-http://127.0.0.1:5000}"
cacert="${DATAHUB_CA_FILE:-}"
timeout="${DATAHUB_HEALTH_CHECK_TIMEOUT:-5}"

usage() {
    sed -n '2,8s/^# \{0,1\}//p' "$0"
    exit "${1:-0}"
}

while [[ $# -gt 0 ]]; do
    case "$1" in
        --url) [[ $# -ge 2 ]] || usage 64; url="$2"; shift 2 ;;
        --cacert) [[ $# -ge 2 ]] || usage 64; cacert="$2"; shift 2 ;;
        -h | --help) usage 0 ;;
        *) echo "health-check.sh: unknown argument: $1" >&2; usage 64 ;;
    esac
done
url="${url%/}"

body_file="$(mktemp "${TMPDIR:-/tmp}/datahub-health.XXXXXX")"
trap 'rm -f "$body_file" "$body_file.err"' EXIT

if ! command -v curl >/dev/null; then
    echo "health-check.sh: curl is not installed (apt-get install curl): cannot check $url" >&2
    exit 3
fi

# GETs url+path into $body_file; prints the HTTP status ("000" when nothing answered). When curl itself could
# not run (a bad option or URL, out of memory: not a server that failed to answer), says so and exits 3.
fetch() {
    local args=(-s -S -o "$body_file" -w '%{http_code}' --connect-timeout 2 --max-time "$timeout" -K -) code status=0
    [[ -n "$cacert" ]] && args+=(--cacert "$cacert")
    code="$({
        if [[ -n "${DATAHUB_API_KEY:-}" ]]; then
            printf 'header = "Authorization: Bearer %s"\n' "$DATAHUB_API_KEY"
        fi
        printf 'url = "%s"\n' "$url$1"
    } | curl "${args[@]}" 2>"$body_file.err")" || status=$?
    case "$status" in
        1 | 2 | 3 | 4 | 26 | 27 | 43 | 48 | 126 | 127)
            echo "health-check.sh: curl could not run for GET $url$1 (exit $status): $(head -c 300 "$body_file.err")" >&2
            exit 3 ;;
    esac
    echo "${code:-000}"
}

# Prints the "error" string of the JSON body, if any, on one line and at most 200 characters.
body_error() {
    grep -o '"error" *: *"[^"]*"' "$body_file" 2>/dev/null | head -n 1 | sed 's/^"error" *: *"//; s/"$//' | cut -c1-200
}

api_status="$(fetch /health)" || exit 3
case "$api_status" in
    200) echo "DataHub API is healthy" ;;
    000) echo "DataHub API is not reachable at $url (no answer within ${timeout} s)" ;;
    *) echo "DataHub API is unhealthy: GET /health answered HTTP $api_status" ;;
esac
if [[ "$api_status" != 200 ]]; then
    echo "Storage status is unknown: the API did not answer"
    exit 1
fi

storage_status="$(fetch /storage/health)" || exit 3
case "$storage_status" in
    200) echo "Storage bucket is accessible"; exit 0 ;;
    503) echo "Storage is unavailable (HTTP 503): $(body_error)" ;;
    000) echo "Storage status is unknown: GET /storage/health did not answer within ${timeout} s" ;;
    *) echo "Storage check failed: GET /storage/health answered HTTP $storage_status $(body_error)" ;;
esac
exit 2
