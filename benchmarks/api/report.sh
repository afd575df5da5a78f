# shellcheck shell=bash
# Sourced by run.sh: prints the Markdown report (run.sh tees it into results.md).
f() { echo "$1" | cut -d' ' -f"$2"; }                       # field n of "rate p50 p99 failed"
pct() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.0f%%", 100 * a / b}'; }
verdict() { awk -v a="$1" -v b="$2" 'BEGIN {print (a / b >= 0.70) ? "met" : "**missed**"}'; }
mib() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }
secs() { awk -v s="$1" 'BEGIN {printf "%.2f", s}'; }
mbps() { awk -v s="$1" -v b="$BIG" 'BEGIN {printf "%.0f", b / 1048576 / s}'; }
row() { printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$1" "$(f "$2" 1)" "$(f "$2" 2)" "$(f "$2" 3)" "$(f "$2" 4)" \
  "$(f "$2" 5)" "$(f "$2" 6)" "$3"; }
MEM_PEAK=$(printf '%s\n' "$UP_PEAK" "$RAW_PEAK" "$WRAP_PEAK" "$UP_HWM" "$RAW_HWM" "$WRAP_HWM" | sort -n | tail -1)
MEM_DELTA=$((MEM_PEAK - RSS_IDLE))

# The split-CPU table (run.sh sets SPLIT=1 when it measured it).
split_section() {
  [ "$SPLIT" = 1 ] || return 0
  echo "### The same rows with the store on CPU 0, DataHub and wrk on CPU $CLIENT_CPUS"
  echo
  echo "As when the store has cores (or a machine) of its own: the store's rate is then bounded by its one CPU, and"
  echo "the question is whether DataHub keeps up with it without taking the store's CPU."
  echo
  echo "| run | req/s | p50 ms | p99 ms | failed | DataHub CPU µs/req | store CPU µs/req | DataHub / store (goal ≥ 70%) |"
  echo "|---|---:|---:|---:|---:|---:|---:|---|"
  row "store: unsigned PUT" "$Q_SPUT" ""
  row "DataHub: \`POST /data\`" "$Q_POST" "$(pct "$(f "$Q_POST" 1)" "$(f "$Q_SPUT" 1)") of store PUT: $(verdict "$(f "$Q_POST" 1)" "$(f "$Q_SPUT" 1)")"
  row "store: unsigned GET (the same 100 objects)" "$Q_SGET" ""
  row "DataHub: \`GET /data/<key>\` (wrapped)" "$Q_GET" "$(pct "$(f "$Q_GET" 1)" "$(f "$Q_SGET" 1)") of store GET: $(verdict "$(f "$Q_GET" 1)" "$(f "$Q_SGET" 1)")"
  row "DataHub: \`GET /data/<key>?raw=true\`" "$Q_RAW" "$(pct "$(f "$Q_RAW" 1)" "$(f "$Q_SGET" 1)") of store GET: $(verdict "$(f "$Q_RAW" 1)" "$(f "$Q_SGET" 1)")"
  echo
}
SPLIT_SECTION=$(split_section)

# The reference row: its figures, or why it is missing (skipped) or failed; never left out silently.
proxy_row() {
  local name="reference: nginx as a bare reverse proxy, the same GETs (nginx CPU)"
  if [ -n "$PROXY_FAILED" ]; then
    echo "| $name | **failed** | | | | | | $PROXY_FAILED |"
  elif [ -n "$PROXY_SKIPPED" ]; then
    echo "| $name | not run | | | | | | $PROXY_SKIPPED |"
  else
    row "$name" "$R_PROXY" "$(pct "$(f "$R_PROXY" 1)" "$(f "$R_SGET" 1)") of store GET: forwarding alone"
  fi
}

cat <<MD
# DataHub API benchmark

$(date -u '+%Y-%m-%d %H:%M UTC') · $(nproc) CPUs ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)) ·
load average before $LOAD_BEFORE, after $LOAD_AFTER · commit $(cd "$ROOT" && git rev-parse --short HEAD) ·
SeaweedFS $("$WEED" version 2>/dev/null | awk 'NR == 1 {print $3}') (\`weed mini\`), DataHub and HelloBench release builds,
wrk $CONCURRENCY connections / 2 threads, ${DURATION} s per row, all on loopback and on the same CPUs.
The store and DataHub rows alternate in $ROUNDS rounds of $SLICE s (store PUT, POST, store GET, GET, raw GET; again):
drift on the shared machine and the store slowing as it fills weigh on both sides alike. Rates and p50 are the
means of the rounds, p99 the worst round's.

## 1 KB requests

| run | req/s | p50 ms | p99 ms | failed | DataHub (HelloBench) CPU µs/req | store CPU µs/req | DataHub / store (goal ≥ 70%) |
|---|---:|---:|---:|---:|---:|---:|---|
$(row "store: unsigned PUT (DataHub's bucket, new keys)" "$R_SPUT" "")
$(row "DataHub: \`POST /data\`" "$R_POST" "$(pct "$(f "$R_POST" 1)" "$(f "$R_SPUT" 1)") of store PUT: $(verdict "$(f "$R_POST" 1)" "$(f "$R_SPUT" 1)")")
$(row "store: unsigned GET (the 100 objects DataHub reads)" "$R_SGET" "")
$(row "DataHub: \`GET /data/<key>\` (wrapped, 100 keys)" "$R_GET" "$(pct "$(f "$R_GET" 1)" "$(f "$R_SGET" 1)") of store GET: $(verdict "$(f "$R_GET" 1)" "$(f "$R_SGET" 1)")")
$(row "DataHub: \`GET /data/<key>?raw=true\`" "$R_RAW" "$(pct "$(f "$R_RAW" 1)" "$(f "$R_SGET" 1)") of store GET: $(verdict "$(f "$R_RAW" 1)" "$(f "$R_SGET" 1)")")
$(proxy_row)
$(row "DataHub: \`GET /health\`" "$R_HEALTH" "$(pct "$(f "$R_HEALTH" 1)" "$(f "$R_HELLO" 1)") of bare Hummingbird")
$(row "bare Hummingbird: \`GET /\` (HelloBench)" "$R_HELLO" "framework ceiling")

$SPLIT_SECTION
"failed" counts non-2xx/3xx answers and socket errors; every other answer was 201 (POST) or 200.
CPU µs/req: user + system time the DataHub process and the SeaweedFS process (\`weed mini\`: master, volume,
filer and S3 gateway in one) spent during the row, divided by the requests wrk completed.
$( [ "${BENCH_PERF:-0}" = 1 ] && echo "This run was profiled (BENCH_PERF=1): perf's sampling slows the DataHub rows a little." )

## ${BIG_MB} MiB through the API (DataHub VmRSS, sampled every 100 ms; VmHWM reset per step)

| step | seconds | MiB/s | peak sampled MiB | peak VmHWM MiB |
|---|---:|---:|---:|---:|
| upload \`POST /data\` (curl -T) | $(secs "$UP_SECONDS") | $(mbps "$UP_SECONDS") | $(mib "$UP_PEAK") | $(mib "$UP_HWM") |
| download \`?raw=true\` | $(secs "$RAW_SECONDS") | $(mbps "$RAW_SECONDS") | $(mib "$RAW_PEAK") | $(mib "$RAW_HWM") |
| download wrapped | $(secs "$WRAP_SECONDS") | $(mbps "$WRAP_SECONDS") | $(mib "$WRAP_PEAK") | $(mib "$WRAP_HWM") |

Resident memory: $(mib "$RSS_START") MiB just after start, $(mib "$RSS_AFTER_LOAD") MiB after the wrk runs,
$(mib "$RSS_IDLE") MiB idle before the upload; peak $(mib "$MEM_PEAK") MiB.
**Peak minus idle: $(mib "$MEM_DELTA") MiB** (goal < 64 MB: $( [ "$MEM_DELTA" -lt 62500 ] && echo met || echo '**missed**')).
Peak minus the idle right after start: $(mib $((MEM_PEAK - RSS_START))) MiB.
MD
