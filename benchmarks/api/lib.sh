# shellcheck shell=bash
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
# "<req/s> <p50 ms> <p99 ms> <failed> <DataHub CPU µs/req> <store CPU µs/req>"
# (failed = non-2xx/3xx responses + socket errors; CPU = user + system time of the process over the run).
# Usage: run_wrk <name> <base url> <script> [script args...]
run_wrk() {
  local name=$1 url=$2 script=$3 out="$DIR/wrk-$1.txt"
  shift 3
  local dh0 weed0
  dh0=$(cpu_ticks "${SERVER_PID:-$DATAHUB_PID}") weed0=$(cpu_ticks "$WEED_PID")
  local runner=(wrk)
  [ -n "${WRK_CPUS:-}" ] && runner=(taskset -c "$WRK_CPUS" wrk)
  "${runner[@]}" -t2 -c"$CONCURRENCY" -d"${WRK_SECONDS:-$DURATION}s" --timeout 10s --latency -s "$HERE/$script" "$url" -- "$@" >"$out" 2>&1 ||
    { echo "wrk $name failed:" >&2; cat "$out" >&2; return 1; }
  local rate p50 p99 failed total dh_cpu store_cpu
  total=$(awk '/requests in/ {print $1; exit}' "$out")
  dh_cpu=$(cpu_per_request "$dh0" "$(cpu_ticks "${SERVER_PID:-$DATAHUB_PID}")" "$total")
  store_cpu=$(cpu_per_request "$weed0" "$(cpu_ticks "$WEED_PID")" "$total")
  rate=$(awk '/^Requests\/sec/ {printf "%.0f", $2}' "$out")
  p50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$out")")
  p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$out")")
  failed=$(awk '/Non-2xx or 3xx/ {n += $NF} /Socket errors/ {gsub(",", ""); n += $4 + $6 + $8 + $10} END {print n + 0}' "$out")
  [ -n "$rate" ] || { echo "wrk $name printed no rate:" >&2; cat "$out" >&2; return 1; }
  echo "$rate $p50 $p99 $failed $dh_cpu $store_cpu"
}

# Combines run_wrk results of equal-length rounds into one: mean rate and p50, worst p99, all failures, and CPU
# per request weighted by each round's requests.
# Usage: combine_rounds "<result>" "<result>" ...
combine_rounds() {
  printf '%s\n' "$@" | awk '{n++; rate += $1; p50 += $2; if ($3 > p99) p99 = $3; failed += $4; dh += $5 * $1; st += $6 * $1}
    END {printf "%.0f %.2f %.2f %d %.0f %.0f\n", rate / n, p50 / n, p99, failed, dh / rate, st / rate}'
}

# User + system CPU time of `pid` so far, in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# CPU microseconds per request between two tick readings over `requests` requests.
cpu_per_request() {
  awk -v a="$1" -v b="$2" -v n="$3" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.0f", (b - a) * 1e6 / hz / (n > 0 ? n : 1)}'
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

# With BENCH_PERF=1: records DataHub's stacks (perf, cpu-clock at 999 Hz) while `run_wrk` runs, and writes
# the top of the flat and the caller-inclusive profiles to benchmarks/api/profile-<name>.txt.
# Usage: profiled <name> run_wrk <args...>   (prints what the wrapped command prints)
profiled() {
  local name=$1 data="$DIR/perf-$1.data" out="$HERE/profile-$1.txt" perf_pid
  shift
  if [ "${BENCH_PERF:-0}" != 1 ] || ! command -v perf >/dev/null; then "$@"; return; fi
  perf record -e cpu-clock -F 999 -g -p "$DATAHUB_PID" -o "$data" >/dev/null 2>&1 &
  perf_pid=$!
  "$@" || { kill -INT "$perf_pid" 2>/dev/null; wait "$perf_pid" 2>/dev/null; return 1; }
  kill -INT "$perf_pid" 2>/dev/null || true
  wait "$perf_pid" 2>/dev/null || true
  local demangle=cat
  command -v swift >/dev/null && demangle="swift demangle --simplified"
  {
    echo "# perf (cpu-clock, 999 Hz) of DataHub during the $name run"
    echo "## self time, top symbols"
    perf report -i "$data" --stdio --no-children --sort dso,symbol -g none --percent-limit 0.7 2>/dev/null | grep -v '^#' | grep -v '^$'
    echo "## inclusive time (children), our code and its libraries (>= 1%)"
    perf report -i "$data" --stdio --children --sort symbol -g none --percent-limit 1 2>/dev/null | grep -v '^#' |
      grep -E 'DataHubService|Curl|curl|Foundation|Logging|Metrics|Prometheus|JSON|Hummingbird|S3' | grep -v '^$'
  } | $demangle | sed 's/ *$//' | cut -c1-180 >"$out" || true
}

# Profiles (as `profiled`) in round 1 only, so one profile per row. Usage: first_profiled <round> <name> <command...>
first_profiled() {
  local round=$1 name=$2
  shift 2
  if [ "$round" = 1 ]; then profiled "$name" "$@"; else "$@"; fi
}
