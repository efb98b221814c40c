# --trace and compare's two traces, read by an independent checker of the
# Chrome Trace Event format as Perfetto's JSON importer reads it
# (check_trace.py): every thread with events named and sorted, slices nested
# per thread, every flow paired, per-core counters, microseconds within the
# session. A contended Lock shows a flow from one thread to another; the
# deadlock scenario's trace holds its deadlock instant.
#   sh trace.sh THREADLAB WITH_DISPLAY [window|scenarios|compare]
. "$(dirname "$0")/lib.sh"
part=${3:-all}

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
  "$WITH_DISPLAY" "$THREADLAB" --duration 6 --trace "$work/window.trace.json" >"$work/stdout" ||
    fail "threadlab --duration 6 --trace: exit $?"
  check_trace "$work/window.trace.json" --max-seconds 10 --need-core-counters --first-thread MainThread
  "$PYTHON" - "$work/window.trace.json" <<'PY' || fail "the window's trace lacks frames or the GL driver's threads"
import json, sys
events = json.load(open(sys.argv[1]))["traceEvents"]
frames = [e for e in events if e["ph"] == "X" and e.get("cat") == "frame"]
names = [e["args"]["name"] for e in events if e["ph"] == "M" and e["name"] == "thread_name"]
print(f"{len(frames)} frames; threads: {names[:8]}")
assert len(frames) > 100, "fewer than 100 frames in 6 s"
assert any(n.startswith("mandelbrot-") for n in names), "no Mandelbrot worker"
PY
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
