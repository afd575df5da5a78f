#!/usr/bin/env bash
# Integrity benchmark (issue 17), in one run on loopback against a SeaweedFS of its own:
#   (1) what SHA-256 costs: DataHub (release) beside the same source built with -DDATAHUB_NO_DIGEST (no SHA-256 on
#       upload, no check on read), 1 KB POST /data, GET wrapped and ?raw=true, in alternating rounds;
#   (2) a BIG_MB MiB upload and raw download through each build: seconds and VmRSS growth;
#   (3) `datahub verify` over VERIFY_OBJECTS 1 KB objects against the store's own unsigned GET rate over the very
#       same objects (wrk, 16 connections; verify with its default reads in flight), alternated; verify's peak RSS.
# Prints a Markdown table and writes it to benchmarks/integrity/results.md.
# Env: BENCH_SECONDS (12 per row), BENCH_ROUNDS (3), BENCH_CONCURRENCY (16), BENCH_BIG_MB (100),
#      BENCH_VERIFY_OBJECTS (10000), DATAHUB_WEED, DATAHUB_PYTHON.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
WEED=${DATAHUB_WEED:-$ROOT/.venv/bin/weed}
PYTHON=${DATAHUB_PYTHON:-$ROOT/.venv/bin/python}
DURATION=${BENCH_SECONDS:-12}
ROUNDS=${BENCH_ROUNDS:-3}
CONCURRENCY=${BENCH_CONCURRENCY:-16}
BIG_MB=${BENCH_BIG_MB:-100}
OBJECTS=${BENCH_VERIFY_OBJECTS:-10000}
SLICE=$(( DURATION / ROUNDS > 2 ? DURATION / ROUNDS : 2 ))
# shellcheck source=benchmarks/api/lib.sh
. "$HERE/../api/lib.sh"
# shellcheck source=benchmarks/cpus.sh
. "$HERE/../cpus.sh"
for tool in "$WEED" "$PYTHON"; do [ -x "$tool" ] || { echo "missing $tool: run bin/test.sh once to make .venv" >&2; exit 1; }; done
for tool in wrk curl; do command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install $tool" >&2; exit 1; }; done

echo "building release twice (with and without digests)..." >&2
# Scratch folders of their own, so the benchmark never waits on (or disturbs) a debug build in .build.
(cd "$ROOT" && swift build -c release --product datahub --scratch-path "$ROOT/.build-release" >&2)
(cd "$ROOT" && swift build -c release --product datahub -Xswiftc -DDATAHUB_NO_DIGEST --scratch-path "$ROOT/.build-nodigest" >&2)
BIN="$(cd "$ROOT" && swift build -c release --scratch-path "$ROOT/.build-release" --show-bin-path)/datahub"
BIN_ND="$(cd "$ROOT" && swift build -c release --scratch-path "$ROOT/.build-nodigest" --show-bin-path)/datahub"

DIR=$(mktemp -d /tmp/datahub-integritybench.XXXXXX)
WEED_PID="" DATAHUB_PID="" ND_PID="" SAMPLER_PID=""
cleanup() {
  [ -n "$SAMPLER_PID" ] && kill "$SAMPLER_PID" 2>/dev/null
  stop_pid "$DATAHUB_PID"; stop_pid "$ND_PID"; stop_pid "$WEED_PID"
  rm -rf "$DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

read -r S3 S3G MA MAG FI FIG VO VOG AD ADG API API_ND < <(free_ports 12)
ACCESS="bench$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
SECRET=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
(umask 077; printf '{"identities":[{"name":"datahub","credentials":[{"accessKey":"%s","secretKey":"%s"}],
  "actions":["Admin","Read","Write","List","Tagging"]},{"name":"anonymous","actions":["Read:datahub-bench"]}]}\n' \
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

# The two builds side by side, each on a bucket of its own (the build without digests stores none that count).
start_hub() {   # <binary> <port> <bucket>
  env -u DATAHUB_API_KEYS -u DATAHUB_API_KEYS_FILE MINIO_SECRET_KEY="$SECRET" "$1" --api-only --host 127.0.0.1 --port "$2" \
    --s3-endpoint "$STORE" --bucket "$3" --access-key "$ACCESS" --log-dir "$DIR/logs-$3" >"$DIR/hub-$3.out" 2>&1 &
}
start_hub "$BIN" "$API" datahub-bench; DATAHUB_PID=$!
start_hub "$BIN_ND" "$API_ND" datahub-bench-nd; ND_PID=$!
DH="http://127.0.0.1:$API" ND="http://127.0.0.1:$API_ND"
await_status "$DH/storage/health" 200 300
await_status "$ND/storage/health" 200 300

"$PYTHON" -c 'import json; print(json.dumps({"pad": "x" * 1014}, separators=(",", ":")))' | tr -d '\n' >"$DIR/one.json"
for hub in "$DH" "$ND"; do
  for _ in $(seq 1 100); do
    curl -sf -H 'Content-Type: application/json' --data-binary @"$DIR/one.json" "$hub/data" |
      "$PYTHON" -c 'import json, sys; print(json.load(sys.stdin)["filename"])' >>"$DIR/keys-${hub##*:}.txt"
  done
done
KEYS="$DIR/keys-$API.txt" KEYS_ND="$DIR/keys-$API_ND.txt"

# The store on CPU 0, DataHub, wrk and `datahub verify` on the others (BENCH_SPLIT=0: all share every CPU), as
# benchmarks/api reads its ratios: DataHub's CPU is then never taken from the store's.
CLIENT_CPUS=$(split_client_cpus)
LAYOUT="every process on every CPU"
if [ -n "$CLIENT_CPUS" ]; then
  taskset -a -p -c 0 "$WEED_PID" >/dev/null
  taskset -a -p -c "$CLIENT_CPUS" "$DATAHUB_PID" >/dev/null
  taskset -a -p -c "$CLIENT_CPUS" "$ND_PID" >/dev/null
  export WRK_CPUS=$CLIENT_CPUS
  LAYOUT="SeaweedFS on CPU 0; DataHub, wrk, curl and datahub verify on CPU $CLIENT_CPUS"
fi
pinned() { if [ -n "$CLIENT_CPUS" ]; then taskset -c "$CLIENT_CPUS" "$@"; else "$@"; fi; }

# --- (1) Rates, rounds alternating the two builds.
echo "wrk: ${DURATION}s per row in $ROUNDS rounds, $CONCURRENCY connections..." >&2
A_POST=() B_POST=() A_GET=() B_GET=() A_RAW=() B_RAW=()
WRK_SECONDS=2 run_wrk warmup "$DH" ../api/datahub_post.lua >/dev/null
WRK_SECONDS=2 SERVER_PID=$ND_PID run_wrk warmup-nd "$ND" ../api/datahub_post.lua >/dev/null
for round in $(seq 1 "$ROUNDS"); do
  A_POST+=("$(WRK_SECONDS=$SLICE run_wrk "post-$round" "$DH" ../api/datahub_post.lua)")
  B_POST+=("$(WRK_SECONDS=$SLICE SERVER_PID=$ND_PID run_wrk "nd-post-$round" "$ND" ../api/datahub_post.lua)")
  A_GET+=("$(WRK_SECONDS=$SLICE run_wrk "get-$round" "$DH" ../api/datahub_get.lua "$KEYS")")
  B_GET+=("$(WRK_SECONDS=$SLICE SERVER_PID=$ND_PID run_wrk "nd-get-$round" "$ND" ../api/datahub_get.lua "$KEYS_ND")")
  A_RAW+=("$(WRK_SECONDS=$SLICE run_wrk "raw-$round" "$DH" ../api/datahub_get.lua "$KEYS" raw)")
  B_RAW+=("$(WRK_SECONDS=$SLICE SERVER_PID=$ND_PID run_wrk "nd-raw-$round" "$ND" ../api/datahub_get.lua "$KEYS_ND" raw)")
done
R_POST=$(combine_rounds "${A_POST[@]}") N_POST=$(combine_rounds "${B_POST[@]}")
R_GET=$(combine_rounds "${A_GET[@]}") N_GET=$(combine_rounds "${B_GET[@]}")
R_RAW=$(combine_rounds "${A_RAW[@]}") N_RAW=$(combine_rounds "${B_RAW[@]}")

# --- (2) A big upload and raw download through each build; VmRSS sampled every 100 ms.
BIG=$((BIG_MB * 1048576))
make_big_json "$BIG" "$DIR/big.json"
big_step() {   # <pid> <name> <curl args...>: prints "<status> <seconds> <peak RSS growth KiB>"
  local pid=$1 name=$2 idle status seconds
  shift 2
  : >"$DIR/rss-$name.txt"
  idle=$(rss_now "$pid")
  sample_rss "$pid" "$DIR/rss-$name.txt" &
  SAMPLER_PID=$!
  read -r status seconds < <(curl -sS -w '%{http_code} %{time_total}\n' "$@")
  sleep 0.3
  kill "$SAMPLER_PID" 2>/dev/null || true
  wait "$SAMPLER_PID" 2>/dev/null || true
  SAMPLER_PID=""
  echo "$status $seconds $(( $(max_of "$DIR/rss-$name.txt") - idle ))"
}
big_key() { "$PYTHON" -c 'import json, sys; print(json.load(open(sys.argv[1]))["filename"])' "$1"; }
echo "memory: ${BIG_MB} MiB upload and download through each build..." >&2
UP=$(big_step "$DATAHUB_PID" up -o "$DIR/up.json" -H 'Content-Type: application/json' -H 'Expect:' -X POST -T "$DIR/big.json" "$DH/data")
UP_ND=$(big_step "$ND_PID" up-nd -o "$DIR/up-nd.json" -H 'Content-Type: application/json' -H 'Expect:' -X POST -T "$DIR/big.json" "$ND/data")
DOWN=$(big_step "$DATAHUB_PID" down -o "$DIR/down" "$DH/data/$(big_key "$DIR/up.json")?raw=true")
DOWN_ND=$(big_step "$ND_PID" down-nd -o "$DIR/down-nd" "$ND/data/$(big_key "$DIR/up-nd.json")?raw=true")
for step in "$UP" "$UP_ND" "$DOWN" "$DOWN_ND"; do
  case $step in 201\ * | 200\ *) ;; *) echo "a big transfer failed: $step" >&2; exit 1 ;; esac
done
cmp -s "$DIR/big.json" "$DIR/down" || { echo "the big download differs" >&2; exit 1; }
rm -f "$DIR/down" "$DIR/down-nd"

# --- (3) verify against the store's own GET rate over the same objects.
echo "verify: uploading $OBJECTS objects of 1 KB..." >&2
"$PYTHON" - "$DH" "$DIR/one.json" "$OBJECTS" "$DIR/verify-keys.txt" <<'PY'
import concurrent.futures, json, sys, urllib.request
base, body, count, out = sys.argv[1], open(sys.argv[2], "rb").read(), int(sys.argv[3]), sys.argv[4]
def post(_):
    request = urllib.request.Request(base + "/data?prefix=verify", data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)["filename"]
with concurrent.futures.ThreadPoolExecutor(16) as pool:
    keys = list(pool.map(post, range(count)))
assert len(set(keys)) == count
open(out, "w").write("\n".join(keys) + "\n")
PY
V_STORE=() V_RATE=() V_RSS=()
for round in $(seq 1 "$ROUNDS"); do
  V_STORE+=("$(WRK_SECONDS=$SLICE run_wrk "verify-store-get-$round" "$STORE" ../api/store_get.lua "$DIR/verify-keys.txt")")
  pinned env MINIO_SECRET_KEY="$SECRET" /usr/bin/time -f '%M' -o "$DIR/verify-rss-$round.txt" "$BIN" verify --s3-endpoint "$STORE" \
    --bucket datahub-bench --access-key "$ACCESS" --prefix verify --json >"$DIR/verify-$round.json" || true
  V_RATE+=("$("$PYTHON" -c 'import json, sys; r = json.load(open(sys.argv[1])); assert r["exit_code"] == 0 and r["verified"] == int(sys.argv[2]), r; print(round(r["verified"] / r["seconds"]))' "$DIR/verify-$round.json" "$OBJECTS")")
  V_RSS+=("$(tail -n 1 "$DIR/verify-rss-$round.txt")")
done
R_VSTORE=$(combine_rounds "${V_STORE[@]}")
R_VERIFY=$(printf '%s\n' "${V_RATE[@]}" | awk '{s += $1} END {printf "%.0f", s / NR}')
R_VRSS=$(printf '%s\n' "${V_RSS[@]}" | sort -n | tail -n 1)

# shellcheck source=benchmarks/integrity/report.sh
. "$HERE/report.sh" | tee "$HERE/results.md"
