# shellcheck shell=bash disable=SC2034  # the figures set here are read by report.sh
# Sourced by run.sh: the memory phase. A BIG_MB MiB JSON upload (streamed by curl -T), then a raw and a
# wrapped download, each checked byte for byte. DataHub's VmRSS is sampled every 100 ms; the kernel's own
# peak (VmHWM, reset through /proc/<pid>/clear_refs before each step) is read as a cross-check.
BIG=$((BIG_MB * 1048576))
make_big_json "$BIG" "$DIR/big.json"
sleep 1
RSS_IDLE=$(rss_now "$DATAHUB_PID")

# Runs "$@" (a curl printing "<status> <seconds>") while sampling; sets STEP_STATUS STEP_SECONDS STEP_PEAK STEP_HWM.
measured_step() {
  local rss="$DIR/rss-$1.txt"
  shift
  : >"$rss"
  echo 5 >"/proc/$DATAHUB_PID/clear_refs" 2>/dev/null || true
  sample_rss "$DATAHUB_PID" "$rss" &
  SAMPLER_PID=$!
  read -r STEP_STATUS STEP_SECONDS < <("$@")
  sleep 0.3
  kill "$SAMPLER_PID" 2>/dev/null || true
  wait "$SAMPLER_PID" 2>/dev/null || true
  SAMPLER_PID=""
  STEP_PEAK=$(max_of "$rss")
  STEP_HWM=$(awk '/^VmHWM/ {print $2}' "/proc/$DATAHUB_PID/status")
}

echo "memory: ${BIG_MB} MiB upload and downloads..." >&2
measured_step upload curl -sS -o "$DIR/up.json" -w '%{http_code} %{time_total}\n' -H 'Content-Type: application/json' \
  -H 'Expect:' -X POST -T "$DIR/big.json" "$DH/data"
[ "$STEP_STATUS" = 201 ] || { echo "big upload answered $STEP_STATUS: $(cat "$DIR/up.json")" >&2; exit 1; }
UP_SECONDS=$STEP_SECONDS UP_PEAK=$STEP_PEAK UP_HWM=$STEP_HWM
BIG_KEY=$("$PYTHON" -c 'import json, sys; print(json.load(open(sys.argv[1]))["filename"])' "$DIR/up.json")

measured_step raw curl -sS -o "$DIR/down.raw" -w '%{http_code} %{time_total}\n' "$DH/data/$BIG_KEY?raw=true"
if ! { [ "$STEP_STATUS" = 200 ] && cmp -s "$DIR/big.json" "$DIR/down.raw"; }; then
  echo "raw download differs ($STEP_STATUS)" >&2
  exit 1
fi
RAW_SECONDS=$STEP_SECONDS RAW_PEAK=$STEP_PEAK RAW_HWM=$STEP_HWM
rm -f "$DIR/down.raw"

measured_step wrapped curl -sS -o "$DIR/down.wrapped" -w '%{http_code} %{time_total}\n' "$DH/data/$BIG_KEY"
HEAD_LEN=$(printf '{"filename":"%s","data":' "$BIG_KEY" | wc -c)
if ! { [ "$STEP_STATUS" = 200 ] && [ "$(stat -c %s "$DIR/down.wrapped")" = $((HEAD_LEN + BIG + 1)) ] &&
  cmp -s -i "$HEAD_LEN:0" -n "$BIG" "$DIR/down.wrapped" "$DIR/big.json" && [ "$(tail -c 1 "$DIR/down.wrapped")" = "}" ]; }; then
  echo "wrapped download differs ($STEP_STATUS)" >&2
  exit 1
fi
WRAP_SECONDS=$STEP_SECONDS WRAP_PEAK=$STEP_PEAK WRAP_HWM=$STEP_HWM
rm -f "$DIR/down.wrapped" "$DIR/big.json"
