# The deadlock page in the real window, driven with xdotool under Xvfb: the
# two threads deadlock, the watchdog finds the cycle, a click on "Break
# deadlock" recovers it, and the process goes on and exits cleanly with
# every thread joined.
E2E_TOOLS=xdotool
E2E_DISPLAY=any
. "$(dirname "$0")/lib.sh"

# True once both threads of the deadlock have ended: the cycle was broken.
cycle_gone() {
  lacks_thread takes-A-then-B && lacks_thread takes-B-then-A
}

start_window --page deadlock --duration 8 --size 1600x900 --stats-json "$work/stats.json"
wait_until 30 "the deadlock's two threads to start" has_thread takes-A-then-B
# "Break deadlock" is drawn only once the watchdog has confirmed the cycle
# (about 0.1 s): a click before it lands on text and does nothing. So: click,
# and click again while the cycle's threads are still there.
clicks=0
until cycle_gone; do
  [ "$clicks" -lt 30 ] || fail "30 clicks on Break deadlock, a second apart, and the cycle's threads still run"
  click break_deadlock
  clicks=$((clicks + 1))
  poll 1 cycle_gone || true
done
echo "Break deadlock clicked $clicks time(s)"
wait_window_exit 30
cat "$work/stdout" "$work/stderr"
[ "$window_status" -eq 0 ] || fail "threadlab did not exit cleanly"
"$PYTHON" - "$work/stats.json" "$E2E_DIR" <<'PY'
import json, sys
sys.path.insert(0, sys.argv[2])
from e2e_lib import Checks
stats = json.load(open(sys.argv[1]))
scenario = stats["scenario"]
f = scenario["figures"]
checks = Checks()
check = checks.check
check(scenario["scenario"] == "deadlock", "the deadlock page was open")
check(len(scenario["deadlock_cycles"]) == 1, "one cycle detected")
links = scenario["deadlock_cycles"][0]["links"] if scenario["deadlock_cycles"] else []
check(sorted(l["holds"]["name"] for l in links) == ["A", "B"], "the cycle is Locks A and B")
check(f.get("recovered") == 1 and f.get("threads_left") == 0, "recovered by the click, no thread left")
check(not scenario["state"]["awaiting_break"], "no longer deadlocked")
checks.finish()
PY
echo "xdotool deadlock: ok"
