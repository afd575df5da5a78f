#!/usr/bin/env bash
# DataHub's own HTTPS: a self-signed certificate made here, the real binary serving it, curl checking it with
# --cacert, the certificate served compared with ours (SHA-256 fingerprint); a request that does not trust the
# certificate fails; a bad key path stops the start with one line.
set -uo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
binary="${DATAHUB_BINARY:-$repo/.build/debug/datahub}"
work="$(mktemp -d "${TMPDIR:-/tmp}/datahub-tls-test.XXXXXX")"
# shellcheck source=bin/lib/common.sh
source "$repo/bin/lib/common.sh"
failed=0
pid=""

# shellcheck disable=SC2317  # runs from the EXIT trap
cleanup() {
    [[ -n "$pid" ]] && stop_pid "$pid" 10 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

check() { if "${@:2}"; then echo "PASS $1"; else echo "FAIL $1"; failed=1; fi; }

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
    -addext "subjectAltName=IP:127.0.0.1" -keyout "$work/key.pem" -out "$work/cert.pem" >/dev/null 2>&1 ||
    { echo "FAIL openssl could not make a certificate"; exit 1; }
# shellcheck disable=SC2119  # free_port takes no argument here
port="$(free_port)"
"$binary" --api-only --port "$port" --data-dir "$work/data" --log-dir "$work/logs" \
    --tls-cert "$work/cert.pem" --tls-key "$work/key.pem" >"$work/out.log" 2>&1 &
pid=$!
[[ -n "${DATAHUB_TEST_PIDDIR:-}" && -d "$DATAHUB_TEST_PIDDIR" ]] && echo "$pid" >"$DATAHUB_TEST_PIDDIR/tls-test.pids"
for _ in $(seq 1 100); do
    curl -s -o /dev/null --cacert "$work/cert.pem" "https://127.0.0.1:$port/health" && break
    sleep 0.1
done
check "HTTPS /health with --cacert answers 200" \
    test "$(curl -s -o /dev/null -w '%{http_code}' --cacert "$work/cert.pem" "https://127.0.0.1:$port/health")" = 200
# The certificate the port serves is DataHub's own (the one made above), not only one that curl accepts.
served="$(openssl s_client -connect "127.0.0.1:$port" -servername 127.0.0.1 </dev/null 2>/dev/null |
    openssl x509 -noout -fingerprint -sha256 2>/dev/null)"
ours="$(openssl x509 -in "$work/cert.pem" -noout -fingerprint -sha256)"
check "the served certificate is the one given with --tls-cert ($ours)" test -n "$served" -a "$served" = "$ours"
check "HTTPS without trusting the certificate is refused by the client" \
    test "$(curl -s -o /dev/null -w '%{http_code}' "https://127.0.0.1:$port/health")" = 000
check "plain HTTP on the TLS port gets no HTTP answer" \
    test "$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "http://127.0.0.1:$port/health")" = 000
body="$(curl -s --cacert "$work/cert.pem" -H 'Content-Type: application/json' -d '{"tls":true}' "https://127.0.0.1:$port/data")"
name="$(printf '%s' "$body" | sed -n 's/.*"filename":"\([^"]*\)".*/\1/p')"
check "upload and read back over HTTPS" \
    test "$(curl -s --cacert "$work/cert.pem" "https://127.0.0.1:$port/data/$name?raw=true")" = '{"tls":true}'
kill -TERM "$pid"
wait "$pid"
status=$?
pid=""
check "SIGTERM exits 0" test "$status" = 0
"$binary" --api-only --port "$port" --data-dir "$work/data" --log-dir "$work/logs" \
    --tls-cert "$work/cert.pem" --tls-key "$work/missing.pem" >"$work/bad.log" 2>&1
status=$?
check "an unreadable key stops the start with exit 2 and one line naming the flag" \
    test "$status" = 2 -a "$(wc -l <"$work/bad.log")" = 1 -a -n "$(grep -- '--tls-key' "$work/bad.log")"
exit "$failed"
