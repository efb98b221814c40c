# The io workload, as the tutorial's second promise: `threadlab compare
# --workload io` pinned to one core (taskset -c 0) still shows single-thread
# mode freezing (its longest freeze at least 10x multi-thread's) and multi
# thread fetching at least 2x the files per second, because threads waiting
# for input need no core. Then a short multi-thread session's Timeline shows
# the workers waiting for input. Ratios within one run, best of three.
. "$(dirname "$0")/lib.sh"

need_tools taskset
need_display
if [ -n "${THREADLAB_SANITIZER:-}" ]; then timings=show; else timings=check; fi

out="$work/out"
compare_on_one_core() {
  rm -rf "$out"
  mkdir "$out"
  taskset -c 0 "$WITH_DISPLAY" "$THREADLAB" compare --out "$out" --workload io --duration 4 ||
    fail "taskset -c 0 threadlab compare --workload io exited $?"
  "$PYTHON" - "$out" "$E2E_DIR" "$timings" <<'PY'
import json, os, sys
sys.path.insert(0, sys.argv[2])
from e2e_lib import Checks

checks = Checks()
with open(os.path.join(sys.argv[1], "report.json")) as file:
    report = json.load(file)
single, multi = report["single"], report["multi"]
checks.check(single.get("workload") == "io", f"workload is {single.get('workload')!r}")
freeze = single["longest_freeze_ms"] / max(multi["longest_freeze_ms"], 1e-3)
rate = multi["items_per_second"] / max(single["items_per_second"], 1e-9)
print(f"one core: longest freeze single {single['longest_freeze_ms']:.0f} ms / multi "
      f"{multi['longest_freeze_ms']:.1f} ms = {freeze:.1f}x; files/s multi {multi['items_per_second']:.1f} / "
      f"single {single['items_per_second']:.1f} = {rate:.2f}x")
checks.check(single["items_per_second"] > 0 and multi["items_per_second"] > 0, "no file arrived")
if sys.argv[3] == "check":
    checks.timing(freeze >= 10, f"single/multi longest freeze {freeze:.1f}x < 10x")
    checks.timing(rate >= 2, f"multi/single files per second {rate:.2f}x < 2x")
checks.finish()
PY
}
best_of_three "compare --workload io on one core" compare_on_one_core

run_session "$work/io.json" --workload io --mode multi --duration 3
"$PYTHON" - "$work/io.json" <<'PY'
import json, sys
with open(sys.argv[1]) as file:
    stats = json.load(file)
failures = []
if stats["workload"] != "io":
    failures.append(f"workload {stats['workload']!r}")
if stats.get("job_error"):
    failures.append(f"job_error: {stats['job_error']}")
waiting = sum(lane["state_ms"].get("input_wait", 0) for lane in stats["timeline"]["lanes"]
              if lane["name"].startswith("io-"))
print(f"io workers waiting for input: {waiting:.0f} ms in the last 10 s")
if waiting <= 0:
    failures.append("no io worker's Timeline shows waiting for input")
for failure in failures:
    print("FAIL:", failure, file=sys.stderr)
sys.exit(1 if failures else 0)
PY
