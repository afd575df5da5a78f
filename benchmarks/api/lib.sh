# Helpers for benchmarks/api/run.sh (sourced, not run). Every loop here is bounded in count.

# Prints `count` free loopback ports (all held open while picking, so none repeats).
free_ports() {
  "$PYTHON" - "$1" <<'PY'
import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))
PY
}

# Waits (at most `tries` × 0.1 s) until `url` answers with HTTP status `want`; fails otherwise.
await_status() {
  local url=$1 want=$2 tries=$3 code
  for _ in $(seq 1 "$tries"); do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$url" || true)
    [ "$code" = "$want" ] && return 0
    sleep 0.1
  done
  echo "no $want from $url after $tries tries (last: $code)" >&2
  return 1
}

# Stops a process we started: SIGTERM, up to 5 s, then SIGKILL.
stop_pid() {
  local pid=$1
  [ -n "$pid" ] || return 0
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}

# Converts a wrk duration ("812.00us", "1.23ms", "2.01s") to milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0
    if (v ~ /us$/) n = n / 1000; else if (v ~ /ms$/) n = n; else if (v ~ /m$/) n = n * 60000; else if (v ~ /s$/) n = n * 1000
    printf "%.2f", n }'
}

# Runs wrk at $CONCURRENCY connections for $DURATION s; saves its output as $DIR/wrk-<name>.txt and prints
# "<req/s> <p50 ms> <p99 ms> <failed>" (failed = non-2xx/3xx responses + socket errors).
# Usage: run_wrk <name> <base url> <script> [script args...]
run_wrk() {
  local name=$1 url=$2 script=$3 out="$DIR/wrk-$1.txt"
  shift 3
  wrk -t2 -c"$CONCURRENCY" -d"${DURATION}s" --timeout 10s --latency -s "$HERE/$script" "$url" -- "$@" >"$out" 2>&1 ||
    { echo "wrk $name failed:" >&2; cat "$out" >&2; return 1; }
  local rate p50 p99 failed
  rate=$(awk '/^Requests\/sec/ {printf "%.0f", $2}' "$out")
  p50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$out")")
  p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$out")")
  failed=$(awk '/Non-2xx or 3xx/ {n += $NF} /Socket errors/ {gsub(",", ""); n += $4 + $6 + $8 + $10} END {print n + 0}' "$out")
  [ -n "$rate" ] || { echo "wrk $name printed no rate:" >&2; cat "$out" >&2; return 1; }
  echo "$rate $p50 $p99 $failed"
}

# Samples VmRSS (KiB) of `pid` every 100 ms into `file`, for at most 6,000 samples (10 min).
sample_rss() {
  local pid=$1 file=$2
  for _ in $(seq 1 6000); do
    awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null >>"$file" || return 0
    sleep 0.1
  done
}

# The current VmRSS of `pid` in KiB.
rss_now() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }

# The largest number in `file` (0 when empty).
max_of() { awk 'BEGIN {m = 0} $1 + 0 > m {m = $1 + 0} END {print m}' "$1"; }

# Writes a JSON document of exactly `bytes` bytes to `file`: an array of small records, then one padding string.
make_big_json() {
  "$PYTHON" - "$1" "$2" <<'PY'
import sys
size, path = int(sys.argv[1]), sys.argv[2]
with open(path, "w", encoding="ascii") as f:
    f.write("[")
    written, i = 1, 0
    while size - written > 200:
        rec = '{"id":%d,"name":"item-%d","tags":["a","b\\n","c"],"value":%d.25,"ok":true,"none":null},' % (i, i, i * 7)
        if size - written - len(rec) <= 200: break
        f.write(rec); written += len(rec); i += 1
    pad = size - written - 3
    f.write('"' + "x" * pad + '"]')
PY
  [ "$(stat -c %s "$2")" = "$1" ] || { echo "make_big_json: wrong size" >&2; return 1; }
}
