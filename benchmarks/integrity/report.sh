# shellcheck shell=bash
# Sourced by run.sh: prints the Markdown report (run.sh tees it into results.md).
f() { echo "$1" | cut -d' ' -f"$2"; }
cost() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%+.1f%%", 100 * (b - a) / b}'; }   # rate lost with digests
under5() { awk -v a="$1" -v b="$2" 'BEGIN {print (100 * (b - a) / b < 5) ? "met" : "**missed**"}'; }
mib() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }
row() { printf '| %s | %s | %s | %s | %s | %s |\n' "$1" "$(f "$2" 1)" "$(f "$3" 1)" "$(f "$2" 5)" "$(f "$3" 5)" \
  "$(cost "$(f "$2" 1)" "$(f "$3" 1)") ($(under5 "$(f "$2" 1)" "$(f "$3" 1)"))"; }
big() { printf '| %s | %s | %s | %s | %s |\n' "$1" "$(f "$2" 2)" "$(f "$3" 2)" "$(mib "$(f "$2" 3)")" "$(mib "$(f "$3" 3)")"; }

echo "## Integrity benchmark: $(date -u +%F), $(nproc) CPUs, loopback, SeaweedFS $("$WEED" version 2>/dev/null | head -n 1 | awk '{print $3}')"
echo
echo "Release builds of the same source, with digests and without (\`-DDATAHUB_NO_DIGEST\`: no SHA-256 on upload, no"
echo "check on read), side by side against one SeaweedFS, rows alternated in $ROUNDS rounds of ${SLICE} s, $CONCURRENCY connections;"
echo "$LAYOUT; load average at the end $(cut -d' ' -f1-3 /proc/loadavg | tr ' ' '/')."
echo
echo "| 1 KB requests | with digests req/s | without req/s | CPU µs/req with | CPU µs/req without | hashing cost (goal < 5%) |"
echo "|---|---:|---:|---:|---:|---|"
row "\`POST /data\`" "$R_POST" "$N_POST"
row "\`GET /data/<key>\` (wrapped)" "$R_GET" "$N_GET"
row "\`GET /data/<key>?raw=true\`" "$R_RAW" "$N_RAW"
echo
echo "| ${BIG_MB} MiB | seconds with | seconds without | RSS growth with (MiB; goal < 64 MB upload) | RSS growth without (MiB) |"
echo "|---|---:|---:|---:|---:|"
big "upload (\`POST /data\`, curl -T)" "$UP" "$UP_ND"
big "raw download" "$DOWN" "$DOWN_ND"
echo
echo "| \`datahub verify\`, $OBJECTS objects of 1 KB | objects/s | ratio (goal ≥ 70%) |"
echo "|---|---:|---|"
echo "| store: unsigned GET over the same objects (wrk, $CONCURRENCY connections) | $(f "$R_VSTORE" 1) | |"
echo "| \`datahub verify --prefix verify\` (its default reads in flight), mean of $ROUNDS runs | $R_VERIFY | $(awk -v a="$R_VERIFY" -v b="$(f "$R_VSTORE" 1)" 'BEGIN {printf "%.0f%% %s", 100 * a / b, (a / b >= 0.7) ? "met" : "**missed**"}') |"
echo
echo "\`datahub verify\` peak RSS: $(mib "$R_VRSS") MiB (the largest of $ROUNDS runs, GNU time's maximum resident set)."
