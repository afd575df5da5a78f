#!/usr/bin/env bash
# shellcheck disable=SC2317  # cleanup runs from the EXIT trap, which shellcheck cannot follow
# A copied binary carries its contract: `datahub` reads its OpenAPI document from the resource folder SwiftPM
# writes beside it (datahub_DataHubService.resources). Run from another folder with that folder beside it, the
# copy serves the same /openapi.json as the resource file; copied alone, it stops at start with a sentence
# naming the folder (never a crash, never a server without its contract).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
binary="${DATAHUB_BINARY:-$repo/.build/debug/datahub}"
bundle="$(dirname "$binary")/datahub_DataHubService.resources"
work="$(mktemp -d "${TMPDIR:-/tmp}/datahub-copy.XXXXXX")"
pid=""
failed=0

cleanup() {
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        for _ in {1..40}; do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1: $2"; failed=1; }

[[ -x "$binary" ]] || { echo "FAIL: no datahub binary at $binary (set DATAHUB_BINARY)"; exit 1; }
[[ -d "$bundle" ]] || { echo "FAIL: no resource folder at $bundle"; exit 1; }
command -v curl >/dev/null || { echo "FAIL: curl is not installed"; exit 1; }

# 1. Binary and resource folder copied together to another folder: the same document is served.
mkdir -p "$work/with/bin" "$work/alone/bin" "$work/data"
cp "$binary" "$work/with/bin/datahub"
cp -R "$bundle" "$work/with/bin/"
port=$((20000 + RANDOM % 30000))
(cd "$work" && exec "$work/with/bin/datahub" --api-only --host 127.0.0.1 --port "$port" --data-dir "$work/data" \
    --log-dir "$work/logs" >"$work/with.out" 2>&1) &
pid=$!
[[ -n "${DATAHUB_TEST_PIDDIR:-}" ]] && echo "$pid" >"$DATAHUB_TEST_PIDDIR/$pid.pid"
served=""
for _ in {1..100}; do
    if served="$(curl -sf --max-time 2 "http://127.0.0.1:$port/openapi.json")"; then break; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
done
if [[ -n "$served" ]] && python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); b=json.load(sys.stdin); sys.exit(0 if a==b and "paths" in a else 1)' \
    "$bundle/openapi.json" <<<"$served"; then
    pass "a copy run from $work/with/bin serves the resource file's OpenAPI document"
else
    fail "copy with its resources" "no or different /openapi.json (output: $(tail -n 3 "$work/with.out"))"
fi
kill -TERM "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
pid=""

# 2. The binary copied alone: it refuses to start, names the missing folder, and exits non-zero.
cp "$binary" "$work/alone/bin/datahub"
set +e
(cd "$work" && timeout 20 "$work/alone/bin/datahub" --api-only --host 127.0.0.1 --port "$port" --data-dir "$work/data" \
    --log-dir "$work/logs" >"$work/alone.out" 2>&1)
status=$?
set -e
if [[ $status -ne 0 && $status -ne 124 ]] && grep -q "datahub_DataHubService.resources is missing beside the binary" "$work/alone.out"; then
    pass "a copy without its resources exits $status naming the missing folder"
else
    fail "copy without its resources" "exit $status, output: $(head -c 400 "$work/alone.out")"
fi

exit "$failed"
