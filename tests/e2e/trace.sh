# --trace and compare's two traces, read by an independent checker of the
# Chrome Trace Event format as Perfetto's JSON importer reads it
# (check_trace.py): every thread with events named and sorted, slices nested
# per thread, every flow paired, per-core counters, microseconds within the
# session. A contended Lock shows a flow from one thread to another; the
# deadlock scenario's trace holds its deadlock instant.
#   sh trace.sh THREADLAB WITH_DISPLAY [window|scenarios|compare]
part=${3:-all}
[ "$part" = scenarios ] || E2E_DISPLAY=any
. "$(dirname "$0")/lib.sh"

check_trace() {
  "$PYTHON" "$E2E_DIR/check_trace.py" "$@" || fail "check_trace.py $*"
}

if [ "$part" = all ] || [ "$part" = scenarios ]; then
  "$THREADLAB" scenario contention --duration 1.5 --trace "$work/contention.trace.json" >"$work/stdout" ||
    fail "scenario contention --trace: exit $?"
  check_trace "$work/contention.trace.json" --max-seconds 10 --need-flow --need-core-counters
  "$THREADLAB" scenario deadlock --duration 2 --trace "$work/deadlock.trace.json" >"$work/stdout" ||
    fail "scenario deadlock --trace: exit $?"
  check_trace "$work/deadlock.trace.json" --max-seconds 10 --need-core-counters --need-instant "deadlock" \
    --need-instant "possible deadlock"
fi

if [ "$part" = all ] || [ "$part" = window ]; then
  "$WITH_DISPLAY" "$THREADLAB" --duration 6 --trace "$work/window.trace.json" --stats-json "$work/stats.json" \
    >"$work/stdout" || fail "threadlab --duration 6 --trace: exit $?"
  check_trace "$work/window.trace.json" --max-seconds 10 --need-core-counters --first-thread MainThread
  "$PYTHON" - "$work/window.trace.json" "$work/stats.json" <<'PY' || fail "the window's trace lacks frames or threads"
import json, sys
events = json.load(open(sys.argv[1]))["traceEvents"]
counted = json.load(open(sys.argv[2]))["frames"]["count"]
frames = [e for e in events if e["ph"] == "X" and e.get("cat") == "frame"]
names = [e["args"]["name"] for e in events if e["ph"] == "M" and e["name"] == "thread_name"]
print(f"{len(frames)} frame slices, {counted} frames in the stats JSON; threads: {names[:8]}")
# Every frame of the session, as the stats count them (a frame's time needs the next frame's start).
assert counted > 0 and abs(len(frames) - counted) <= 2, "the trace does not hold every frame"
assert any(n.startswith("mandelbrot-") for n in names), "no Mandelbrot worker"
PY
fi

if { [ "$part" = all ] || [ "$part" = window ]; } && ! command -v xdotool >/dev/null 2>&1; then
  echo "xdotool is not installed: key T not tried"
elif [ "$part" = all ] || [ "$part" = window ]; then
  # Key T in the window: the last 30 s saved in the background, a line (and a toast) naming the file.
  start_window --duration 8 --screenshot-dir "$work/shots"
  # The trace must hold per-core counters: the CPU monitor samples every 0.1 s.
  wait_until 30 "the CPU monitor to sample for 0.5 s" thread_older_than cpu-monitor 0.5
  xdotool key t
  wait_until 30 "key T's 'trace saved' line" printed "trace saved"
  wait_window_exit 30
  [ "$window_status" -eq 0 ] || fail "the window with key T: exit $window_status: $(cat "$work/stderr")"
  cat "$work/stdout"
  saved=$(sed -n 's/^threadlab: trace saved to //p' "$work/stdout")
  [ -n "$saved" ] && [ -s "$saved" ] || fail "key T saved no trace"
  case $saved in "$work/shots/threadlab-"*".trace.json") ;; *) fail "the trace is not next to the screenshots: $saved" ;; esac
  check_trace "$saved" --max-seconds 31 --need-core-counters --first-thread MainThread
fi

if [ "$part" = all ] || [ "$part" = compare ]; then
  "$WITH_DISPLAY" "$THREADLAB" compare --out "$work/out" --duration 2 >"$work/stdout" || fail "compare: exit $?"
  for mode in single multi; do
    check_trace "$work/out/$mode.trace.json" --max-seconds 10 --need-core-counters --first-thread MainThread
  done
  "$PYTHON" - "$work/out/single.trace.json" <<'PY' || fail "single.trace.json shows no job on the render thread"
import json, sys
events = json.load(open(sys.argv[1]))["traceEvents"]
jobs = [e for e in events if e["ph"] == "X" and e["name"].startswith("job")]
print(f"single-thread mode: {len(jobs)} job slices on the render thread")
assert jobs
PY
fi
echo "PASS"
