#!/usr/bin/env bash
# The long forms of the reliability suite (issue 7): 30 s of load with a store crash, 100,000 objects in the
# bucket, 3,000 fuzz mutations, a 30 s stall with /health polled. Prints every "[reliability]" figure line and
# keeps the whole output in benchmarks/soak/last-run.log.
#   benchmarks/soak/run.sh                 all reliability suites, long forms
#   benchmarks/soak/run.sh Scale           only the suites whose name matches
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"
filter="ReliabilityTests${1:+.*$1}"
log="$repo/benchmarks/soak/last-run.log"

export DATAHUB_SOAK=1
export DATAHUB_WEED="${DATAHUB_WEED:-$repo/.venv/bin/weed}"
if [[ ! -x "$DATAHUB_WEED" ]]; then
    echo "soak: no SeaweedFS at $DATAHUB_WEED; run bin/test.sh once (it makes .venv) or set DATAHUB_WEED" >&2
    exit 1
fi

swift build --build-tests 2>&1 | tail -n 1
started=$(date +%s)
status=0
swift test --skip-build --filter "$filter" >"$log" 2>&1 || status=$?
grep -E '^\[reliability\]|✘|passed after|failed after' "$log" | grep -v '^✔ Test run' || true
echo "soak: exit $status after $(($(date +%s) - started)) s; full output in ${log#"$repo"/}"
exit "$status"
