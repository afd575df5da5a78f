#!/usr/bin/env bash
# Export and batch-upload benchmark (issue 16, item 5), in one run on loopback against a SeaweedFS of its own:
#   (1) batch upload: POST /data/batch of BENCH_DOCS 1 KB lines (documents/s), alternated with the store's own
#       unsigned 1 KB PUT rate (wrk, anonymous write to DataHub's bucket, as benchmarks/api does);
#   (2) reading the folder back, alternated in BENCH_ROUNDS rounds: the store's own unsigned GET rate over the same
#       objects (wrk), DataHub's GET /export?prefix= (documents/s), and boto3 listing the folder and fetching
#       every object with 16 threads (documents/s);
#   (3) DataHub's VmRSS growth while exporting (BENCH_BIG=1: over 100,000 documents; else over BENCH_DOCS).
# Writes benchmarks/export/results.md. Env: BENCH_DOCS (10000), BENCH_ROUNDS (3), BENCH_SLICE (5 s of wrk per
# round), BENCH_CONCURRENCY (16), BENCH_BIG (0), BENCH_BINARY (skip the release build: use this datahub),
# DATAHUB_WEED, DATAHUB_PYTHON. Every loop is bounded.
set -euo pipefail
OWN=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$OWN/../.." && pwd)
API="$ROOT/benchmarks/api"
WEED=${DATAHUB_WEED:-$ROOT/.venv/bin/weed}
PYTHON=${DATAHUB_PYTHON:-$ROOT/.venv/bin/python}
DOCS=${BENCH_DOCS:-10000}
ROUNDS=${BENCH_ROUNDS:-3}
SLICE=${BENCH_SLICE:-5}
CONCURRENCY=${BENCH_CONCURRENCY:-16}
DURATION=$SLICE
# shellcheck source=benchmarks/api/lib.sh
. "$API/lib.sh"
# shellcheck source=benchmarks/cpus.sh
. "$ROOT/benchmarks/cpus.sh"
HERE="$API"   # run_wrk finds its Lua scripts (store_put.lua, store_get.lua) in benchmarks/api
for tool in "$WEED" "$PYTHON"; do [ -x "$tool" ] || { echo "missing $tool" >&2; exit 1; }; done
for tool in wrk curl; do command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install $tool" >&2; exit 1; }; done

if [ -n "${BENCH_BINARY:-}" ]; then
  BIN=$(dirname "$BENCH_BINARY")   # a trial run of the script itself, e.g. with a debug build
else
  echo "building release datahub..." >&2
  # A scratch folder of its own, so the benchmark never waits on (or disturbs) a debug build in .build.
  (cd "$ROOT" && swift build -c release --product datahub --scratch-path "$ROOT/.build-release" >&2)
  BIN="$(cd "$ROOT" && swift build -c release --scratch-path "$ROOT/.build-release" --show-bin-path)"
fi
DIR=$(mktemp -d /tmp/datahub-exportbench.XXXXXX)
WEED_PID="" DATAHUB_PID="" SAMPLER_PID=""
cleanup() {
  [ -n "$SAMPLER_PID" ] && kill "$SAMPLER_PID" 2>/dev/null
  stop_pid "$DATAHUB_PID"; stop_pid "$WEED_PID"
  rm -rf "$DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- SeaweedFS exactly as benchmarks/api/run.sh starts it: DataHub signs; `anonymous` may read/write its bucket.
read -r S3 S3G MA MAG FI FIG VO VOG AD ADG PORT < <(free_ports 11)
ACCESS="bench$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
SECRET=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
(umask 077; printf '{"identities":[{"name":"datahub","credentials":[{"accessKey":"%s","secretKey":"%s"}],
  "actions":["Admin","Read","Write","List","Tagging"]},{"name":"anonymous","actions":["Read:datahub-bench","Write:datahub-bench"]}]}\n' \
  "$ACCESS" "$SECRET" >"$DIR/s3.json")
env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY "$WEED" mini -dir="$DIR" -ip=127.0.0.1 -ip.bind=127.0.0.1 \
  -s3.port="$S3" -s3.port.grpc="$S3G" -master.port="$MA" -master.port.grpc="$MAG" -filer.port="$FI" -filer.port.grpc="$FIG" \
  -volume.port="$VO" -volume.port.grpc="$VOG" -admin.port="$AD" -admin.port.grpc="$ADG" -admin.ui=false -webdav=false \
  -s3.port.iceberg=0 -s3.port.lance=0 -master.telemetry=false -s3.config="$DIR/s3.json" \
  -s3.localSocket="$DIR/s3.sock" -filer.localSocket="$DIR/filer.sock" >"$DIR/weed.log" 2>&1 &
WEED_PID=$!
STORE="http://127.0.0.1:$S3"
for _ in $(seq 1 600); do curl -s -o /dev/null --max-time 1 "$STORE/" && break; sleep 0.1; done
for _ in $(seq 1 300); do
  curl -s --max-time 1 "http://127.0.0.1:$MA/dir/status" | grep -q '"DataNodes":\[{' && break
  sleep 0.1
done
env -u DATAHUB_API_KEYS -u DATAHUB_API_KEYS_FILE MINIO_SECRET_KEY="$SECRET" "$BIN/datahub" --api-only \
  --host 127.0.0.1 --port "$PORT" --s3-endpoint "$STORE" --bucket datahub-bench --access-key "$ACCESS" \
  --log-dir "$DIR/logs" >"$DIR/datahub.out" 2>&1 &
DATAHUB_PID=$!
DH="http://127.0.0.1:$PORT"
await_status "$DH/storage/health" 200 300

# POSTs the NDJSON file $1 to folder $2; prints "<documents/s>" and appends the stored keys to $3 (if given).
batch() {
  local out="$DIR/batch.json" timing
  timing=$(curl -s --max-time 600 -o "$out" -w '%{http_code} %{time_total}' -H 'Content-Type: application/x-ndjson' \
    --data-binary @"$1" "$DH/data/batch?prefix=$2")
  [ "${timing%% *}" = 201 ] || { echo "batch to $2 answered ${timing%% *}: $(head -c 300 "$out")" >&2; return 1; }
  "$PYTHON" - "$out" "${timing#* }" "${3:-/dev/null}" <<'PY'
import json, sys
body = json.load(open(sys.argv[1]))
with open(sys.argv[3], "a") as keys:
    for f in body["files"]: keys.write(f["filename"] + "\n")
print(round(body["count"] / float(sys.argv[2])))
PY
}

"$PYTHON" "$OWN/make_batch.py" "$DOCS" "$DIR/batch.ndjson"
echo "warm-up..." >&2
WRK_SECONDS=2 run_wrk warmup-put "$STORE" store_put.lua >/dev/null
B_STORE=() B_DH=()
for round in $(seq 1 "$ROUNDS"); do
  B_STORE+=("$(run_wrk "store-put-$round" "$STORE" store_put.lua | cut -d' ' -f1)")
  if [ "$round" = 1 ]; then B_DH+=("$(batch "$DIR/batch.ndjson" export "$DIR/keys.txt")")
  else B_DH+=("$(batch "$DIR/batch.ndjson" "batch$round")"); fi
done
[ "$(wc -l <"$DIR/keys.txt")" = "$DOCS" ] || { echo "the export folder does not hold $DOCS documents" >&2; exit 1; }

# Exports the folder $1 to a file; prints "<documents/s>" after checking the line count $2.
export_rate() {
  local timing lines
  timing=$(curl -s --max-time 600 -o "$DIR/export.ndjson" -w '%{http_code} %{time_total}' "$DH/export?prefix=$1")
  [ "${timing%% *}" = 200 ] || { echo "export answered ${timing%% *}" >&2; return 1; }
  lines=$(wc -l <"$DIR/export.ndjson")
  [ "$lines" = "$2" ] || { echo "export gave $lines lines, not $2" >&2; return 1; }
  awk -v n="$lines" -v t="${timing#* }" 'BEGIN {printf "%.0f", n / t}'
}
boto_rate() {
  local result
  result=$(AWS_ACCESS_KEY_ID="$ACCESS" AWS_SECRET_ACCESS_KEY="$SECRET" timeout 900 "$PYTHON" "$OWN/fetch_boto3.py" "$STORE" datahub-bench "$1/")
  [ "${result%% *}" = "$2" ] || { echo "boto3 fetched ${result%% *}, not $2" >&2; return 1; }
  awk -v n="${result%% *}" -v t="${result#* }" 'BEGIN {printf "%.0f", n / t}'
}
R_STORE=() R_EXPORT=() R_BOTO=()
WRK_SECONDS=2 run_wrk warmup-get "$STORE" store_get.lua "$DIR/keys.txt" >/dev/null
for round in $(seq 1 "$ROUNDS"); do
  R_STORE+=("$(run_wrk "store-get-$round" "$STORE" store_get.lua "$DIR/keys.txt" | cut -d' ' -f1)")
  R_EXPORT+=("$(export_rate export "$DOCS")")
  R_BOTO+=("$(boto_rate export "$DOCS")")
done

# --- The same rows with the store on CPU 0 and DataHub and its clients on the others, as benchmarks/api reads the
# single-request ratio: does DataHub keep up with the store when it does not take the store's CPU?
SPLIT_CPUS=$(split_client_cpus)
T_STORE=() T_EXPORT=() T_PUT=() T_BATCH=()
if [ -n "$SPLIT_CPUS" ]; then
  taskset -a -p -c 0 "$WEED_PID" >/dev/null
  taskset -a -p -c "$SPLIT_CPUS" "$DATAHUB_PID" >/dev/null
  for round in $(seq 1 "$ROUNDS"); do
    T_STORE+=("$(WRK_CPUS=$SPLIT_CPUS run_wrk "split-store-get-$round" "$STORE" store_get.lua "$DIR/keys.txt" | cut -d' ' -f1)")
    T_EXPORT+=("$(export_rate export "$DOCS")")
    T_PUT+=("$(WRK_CPUS=$SPLIT_CPUS run_wrk "split-store-put-$round" "$STORE" store_put.lua | cut -d' ' -f1)")
    T_BATCH+=("$(batch "$DIR/batch.ndjson" "split$round")")
  done
  taskset -a -p -c "0-$(($(nproc) - 1))" "$WEED_PID" >/dev/null
  taskset -a -p -c "0-$(($(nproc) - 1))" "$DATAHUB_PID" >/dev/null
fi

# --- Memory: VmRSS before and its peak during an export (100,000 documents with BENCH_BIG=1).
MEM_DOCS=$DOCS MEM_PREFIX=export
if [ "${BENCH_BIG:-0}" = 1 ]; then
  MEM_DOCS=100000 MEM_PREFIX=big
  for part in $(seq 0 9); do
    "$PYTHON" "$OWN/make_batch.py" 10000 "$DIR/big.ndjson" $((part * 10000))
    batch "$DIR/big.ndjson" big >/dev/null
  done
fi
sleep 1
RSS_BEFORE=$(rss_now "$DATAHUB_PID")
sample_rss "$DATAHUB_PID" "$DIR/rss.txt" &
SAMPLER_PID=$!
MEM_RATE=$(export_rate "$MEM_PREFIX" "$MEM_DOCS")
kill "$SAMPLER_PID" 2>/dev/null || true
SAMPLER_PID=""
RSS_PEAK=$(max_of "$DIR/rss.txt")

mean() { printf '%s\n' "$@" | awk '{s += $1; n++} END {printf "%.0f", s / n}'; }
SP=$(mean "${B_STORE[@]}") BP=$(mean "${B_DH[@]}") SG=$(mean "${R_STORE[@]}") EX=$(mean "${R_EXPORT[@]}") BO=$(mean "${R_BOTO[@]}")
GROWTH=$(awk -v a="$RSS_PEAK" -v b="$RSS_BEFORE" 'BEGIN {printf "%.1f", (a - b) / 1024}')
{
  echo "# Export and batch-upload benchmark"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), load at the end $(cut -d' ' -f1-3 /proc/loadavg | tr ' ' '/') (the machine is shared);"
  echo "SeaweedFS ($("$WEED" version 2>/dev/null | head -1 | awk '{print $3}')) on loopback; $DOCS documents of 1,024 bytes; $ROUNDS alternating rounds, wrk ${SLICE} s per round at $CONCURRENCY connections."
  echo
  echo "| what | documents/s (mean of rounds) | rounds | goal |"
  echo "|---|---:|---|---|"
  echo "| store's own unsigned GET (wrk) | $SG | ${R_STORE[*]} | |"
  echo "| DataHub \`GET /export?prefix=\` | $EX | ${R_EXPORT[*]} | ≥ 70% of the store's GET: **$(awk -v a="$EX" -v b="$SG" 'BEGIN {printf "%.0f%%", 100 * a / b}')** |"
  echo "| boto3: list + 16-thread GETs | $BO | ${R_BOTO[*]} | export ≥ 10×: **$(awk -v a="$EX" -v b="$BO" 'BEGIN {printf "%.1f×", a / b}')** (the store's own unsigned GET: $(awk -v a="$SG" -v b="$BO" 'BEGIN {printf "%.1f×", a / b}')) |"
  echo "| store's own unsigned PUT (wrk) | $SP | ${B_STORE[*]} | |"
  echo "| DataHub \`POST /data/batch\` ($DOCS lines) | $BP | ${B_DH[*]} | ≥ 70% of the store's PUT: **$(awk -v a="$BP" -v b="$SP" 'BEGIN {printf "%.0f%%", 100 * a / b}')** |"
  if [ -n "$SPLIT_CPUS" ]; then
    TS=$(mean "${T_STORE[@]}") TE=$(mean "${T_EXPORT[@]}") TP=$(mean "${T_PUT[@]}") TB=$(mean "${T_BATCH[@]}")
    echo "| *store on CPU 0, DataHub and clients on $SPLIT_CPUS:* | | | |"
    echo "| store's own unsigned GET (wrk) | $TS | ${T_STORE[*]} | |"
    echo "| DataHub \`GET /export?prefix=\` | $TE | ${T_EXPORT[*]} | ≥ 70% of the store's GET: **$(awk -v a="$TE" -v b="$TS" 'BEGIN {printf "%.0f%%", 100 * a / b}')** |"
    echo "| store's own unsigned PUT (wrk) | $TP | ${T_PUT[*]} | |"
    echo "| DataHub \`POST /data/batch\` ($DOCS lines) | $TB | ${T_BATCH[*]} | ≥ 70% of the store's PUT: **$(awk -v a="$TB" -v b="$TP" 'BEGIN {printf "%.0f%%", 100 * a / b}')** |"
  fi
  echo
  echo "Memory: exporting $MEM_DOCS documents ($MEM_RATE documents/s) grew DataHub's VmRSS from $((RSS_BEFORE / 1024)) MiB to a peak of $((RSS_PEAK / 1024)) MiB: **+$GROWTH MiB** (goal < 32 MiB over 100,000 documents$([ "$MEM_DOCS" = 100000 ] || echo "; this run exported $MEM_DOCS: run with BENCH_BIG=1 for 100,000"))."
} | tee "$OWN/results.md"
