#!/usr/bin/env bash
# shellcheck disable=SC2119  # free_port takes no argument here
# Console benchmark: a folder `reports/2026/` of N objects (default 100,000) in SeaweedFS, the release
# `datahub` dashboard in tmux (120x40) against it, opened at the bucket's root. Measures: start → the root
# drawn (`▸ reports/`); the folder opened from there with Enter → its first screen of objects and → its whole
# listing loaded; how fast `G` (jump to the newest) and `g` redraw while the rest loads and after; the same
# folder in the flat view (`t`, the plain listing the console showed before folders) → first screen and
# whole listing, and the folder view again (`t`) after it; and the dashboard's RSS with all rows loaded. Everything on loopback; every process started
# is stopped by pid; every wait is bounded.
#   benchmarks/console/run.sh [N]
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
count="${1:-100000}"
weed="${DATAHUB_WEED:-$repo/.venv/bin/weed}"
python="${DATAHUB_PYTHON:-$repo/.venv/bin/python}"
work="$(mktemp -d "${TMPDIR:-/tmp}/datahub-console-bench.XXXXXX")"
socket="datahub-console-bench-$$"
# shellcheck source=bin/lib/common.sh
source "$repo/bin/lib/common.sh"
weed_pid=""

# shellcheck disable=SC2317  # runs from the EXIT trap
cleanup() {
    tmux -L "$socket" kill-server 2>/dev/null || true
    [[ -n "$weed_pid" ]] && stop_pid "$weed_pid" 20 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

now_ms() { date +%s%3N; }
# Sends key $1 and prints the milliseconds until the screen differs from before (at most 10 s).
redraw_after_key() {
    local before at deadline=$(($(date +%s) + 10))
    before="$(tmux -L "$socket" capture-pane -p -t bench)"
    at=$(now_ms)
    tmux -L "$socket" send-keys -t bench "$1"
    while (($(date +%s) < deadline)); do
        [[ "$(tmux -L "$socket" capture-pane -p -t bench)" != "$before" ]] && { echo $(($(now_ms) - at)); return 0; }
        sleep 0.01
    done
    echo "never"
}
# Waits (at most $2 s) until the screen contains $1 (grep -$4, default F: fixed text); prints the milliseconds
# it took from $3.
screen_has() {
    local deadline=$(($(date +%s) + $2))
    while (($(date +%s) < deadline)); do
        if tmux -L "$socket" capture-pane -p -t bench | grep -q"${4:-F}" -- "$1"; then echo $(($(now_ms) - $3)); return 0; fi
        sleep 0.02
    done
    echo "never"; return 1
}
# Sends key $1 and prints the milliseconds from then until the screen contains $2 (at most $3 s, grep -$4).
key_until() {
    local at
    at=$(now_ms)
    tmux -L "$socket" send-keys -t bench "$1"
    screen_has "$2" "$3" "$at" "${4:-F}"
}

# A scratch folder of its own, as the other benchmarks use: never waits on a debug build in .build.
(cd "$repo" && swift build -c release --product datahub --scratch-path "$repo/.build-release" 2>&1 | tail -n 1)
binary="$(cd "$repo" && swift build -c release --scratch-path "$repo/.build-release" --show-bin-path)/datahub"

s3_port="$(free_port)"; master_port="$(free_port)"; filer_port="$(free_port)"; api_port="$(free_port)"
access="bench$(random_hex 6)"; secret="$(random_hex 20)"
AWS_ACCESS_KEY_ID="$access" AWS_SECRET_ACCESS_KEY="$secret" "$weed" mini -dir="$work/weed" -ip=127.0.0.1 \
    -ip.bind=127.0.0.1 -s3.port="$s3_port" -master.port="$master_port" -filer.port="$filer_port" \
    -admin.ui=false -master.telemetry=false >"$work/weed.log" 2>&1 &
weed_pid=$!
for _ in $(seq 1 300); do port_open "$s3_port" && break; sleep 0.1; done
sleep 2
AWS_ACCESS_KEY_ID="$access" AWS_SECRET_ACCESS_KEY="$secret" "$python" "$(dirname "$0")/bulk_load.py" \
    "http://127.0.0.1:$s3_port" analytics-data "$count" reports/2026/
printf '%s' "$secret" >"$work/secret"
start=$(now_ms)
tmux -L "$socket" new-session -d -s bench -x 120 -y 40 \
    "cd '$work' && LANG=C.UTF-8 '$binary' --storage s3 --s3-endpoint http://127.0.0.1:$s3_port --access-key $access \
     --secret-key-file '$work/secret' --port $api_port --log-dir '$work/logs'; sleep 600"
grouped="$(echo "$count" | sed -e ':a' -e 's/\B[0-9]\{3\}\>/,&/' -e 'ta')"
# The root: one folder, selected.
root=$(screen_has "> ▸ reports/" 30 "$start" || true)
app="$(ss -ltnp 2>/dev/null | grep -F ":$api_port " | sed -E 's/.*pid=([0-9]+).*/\1/' | head -n 1 || true)"
reports=$(key_until Enter "> ▸ 2026/" 30 || true)
# The folder's first screen: a selected object row is drawn (the count may already be past 1,000 by then).
opened=$(now_ms)
tmux -L "$socket" send-keys -t bench Enter
first=$(screen_has "│ > data_" 30 "$opened" || true)
jump=$(redraw_after_key G)
all=$(screen_has "Objects ($grouped)" 300 "$opened" || true)
top=$(redraw_after_key g)
rss="$(awk '/^VmRSS/ {print $2}' "/proc/${app:-0}/status" 2>/dev/null || echo "?")"
# The same folder flat: a count above zero with the flat mark, then the whole count.
flat_at=$(now_ms)
tmux -L "$socket" send-keys -t bench t
flat_first=$(screen_has 'Objects \([1-9][0-9,]*\+?\) flat' 30 "$flat_at" E || true)
flat_all=$(screen_has "Objects ($grouped) flat" 300 "$flat_at" || true)
# Back to the folder view with `t`: the same listing as the first open, now after the flat one (the store's
# caches as warm for both), so the two views compare fairly.
again_at=$(now_ms)
tmux -L "$socket" send-keys -t bench t
# (The header without "flat": the count, then only spaces up to "/ filter".)
again_first=$(screen_has 'Objects \([1-9][0-9,]*\+?\) +/ filter' 30 "$again_at" E || true)
again_all=$(screen_has "Objects \\($grouped\\) +/ filter" 300 "$again_at" E || true)
# `e` on the folder: the export runs in the background; the screen thread (the main thread, which only draws and
# reads keys) is timed apart from the whole process (which also runs the export's reads and writes).
ticks() { awk '{print $14 + $15}' "$1" 2>/dev/null || echo 0; }
hz=$(getconf CLK_TCK)
tmux -L "$socket" send-keys -t bench e
screen_has "2026.ndjson" 10 "$(now_ms)" >/dev/null || true
main_before=$(ticks "/proc/${app:-0}/task/${app:-0}/stat"); process_before=$(ticks "/proc/${app:-0}/stat")
export_at=$(now_ms)
tmux -L "$socket" send-keys -t bench Enter
export_seen_bar=$(screen_has "export → ./2026.ndjson [" 30 "$export_at" || true)
export_ms=$(screen_has "exported $grouped documents" 600 "$export_at" || true)
main_after=$(ticks "/proc/${app:-0}/task/${app:-0}/stat"); process_after=$(ticks "/proc/${app:-0}/stat")
export_lines=$(wc -l <"$work/2026.ndjson" 2>/dev/null || echo 0)
share() { awk -v t="$1" -v ms="$2" -v hz="$hz" 'BEGIN {if (ms + 0 > 0) printf "%.1f%%", 100 * (t * 1000 / hz) / ms; else print "?"}'; }
tmux -L "$socket" send-keys -t bench q
echo
echo "| console, a folder of $count objects in SeaweedFS, release build, 120x40 | ms |"
echo "|---|---:|"
echo "| start → the root drawn (\`▸ reports/\` selected) | $root |"
echo "| Enter on \`reports/\` → \`▸ 2026/\` drawn | $reports |"
echo "| Enter on \`2026/\` → first screen of its objects (a selected row drawn) | $first |"
echo "| \`G\` while the rest loads → screen redrawn | $jump |"
echo "| Enter on \`2026/\` → all $count rows loaded | $all |"
echo "| \`g\` with every row loaded → screen redrawn at the top | $top |"
echo "| \`t\` (flat view of the folder) → first screen | $flat_first |"
echo "| \`t\` → all $count rows loaded, flat | $flat_all |"
echo "| \`t\` again (folder view, after the flat one) → first screen | $again_first |"
echo "| \`t\` again → all $count rows loaded, folder view | $again_all |"
echo "| dashboard RSS with every row loaded | ${rss} KiB |"
echo "| \`e\` on \`2026/\` → progress bar on screen | $export_seen_bar |"
echo "| \`e\` on \`2026/\` → \"exported $grouped documents\" ($export_lines lines in the file) | $export_ms |"
echo
echo "While that export ran: the screen thread used $(share $((main_after - main_before)) "$export_ms") of a CPU, the whole process"
echo "(export included) $(share $((process_after - process_before)) "$export_ms")."
