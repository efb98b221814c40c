# The deadlock page in the real window, driven with xdotool under Xvfb: the
# two threads deadlock, the watchdog finds the cycle, a click on "Break
# deadlock" recovers it, and the process goes on and exits cleanly with
# every thread joined.
. "$(dirname "$0")/lib.sh"

command -v xdotool >/dev/null 2>&1 || { echo "xdotool missing: skipped"; exit 77; }
E2E=$(dirname "$0")
export E2E THREADLAB work
"$WITH_DISPLAY" sh -eu -c '
  "$THREADLAB" --page deadlock --duration 8 --size 1600x900 --stats-json "$work/stats.json" >"$work/stdout" 2>"$work/stderr" &
  pid=$!
  wid=$(sh "$E2E/find_window.sh") || { kill $pid; exit 1; }
  # The watchdog needs about 0.1 s to confirm the cycle; give it plenty.
  sleep 3
  xdotool windowfocus --sync "$wid"
  # "Break deadlock" in the Scenario panel of the default 1600x900 layout.
  xdotool mousemove --window "$wid" ${BREAK_X:-400} ${BREAK_Y:-214} click 1
  status=0
  wait $pid || status=$?
  echo "threadlab exited $status" >>"$work/stdout"
'
cat "$work/stdout" "$work/stderr"
grep -q "threadlab exited 0" "$work/stdout" || fail "threadlab did not exit cleanly"
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
