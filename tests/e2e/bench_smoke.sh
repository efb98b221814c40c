# `threadlab bench` with 1-second phases runs the bare window (clear and
# swap only), the window idle, in multi-thread
# mode plain and recorded as the comparison records it, in single-thread mode,
# and the speedup at 1..N workers, prints its table and
# writes a JSON with every figure. Timings are not checked: only that each
# figure was measured (frames counted, jobs done, a speedup for each count).
. "$(dirname "$0")/lib.sh"
need_display

status=0
"$WITH_DISPLAY" "$THREADLAB" bench --phase-seconds 1 --json "$work/bench.json" >"$work/stdout" || status=$?
cat "$work/stdout"
[ "$status" -eq 0 ] || fail "threadlab bench: exit status $status"
[ -f "$work/bench.json" ] || fail "threadlab bench: no JSON written"
grep -q "targets met" "$work/stdout" || fail "threadlab bench: no table on stdout"

"$PYTHON" - "$work/bench.json" "$E2E_DIR" <<'PY'
import json, os, sys
sys.path.insert(0, sys.argv[2])
from e2e_lib import Checks

with open(sys.argv[1]) as file:
    bench = json.load(file)
checks = Checks()
check = checks.check

machine = bench["machine"]
cores = machine["cores"]
check(cores == os.cpu_count(), f"machine.cores is {cores}, this machine has {os.cpu_count()}")
check(machine["cpu_model"] and machine["gl_renderer"], f"machine: {machine}")

for name in ("idle", "multi", "recording", "single"):
    phase = bench["phases"][name]
    check(phase["frames"]["count"] > 0, f"{name}: no frames counted")
    check(phase["probe"]["count"] > 0, f"{name}: no probe pings answered")
    check(len(phase["mean_core_load_percent"]) == cores, f"{name}: core loads {phase['mean_core_load_percent']}")
    check(phase["frames"]["p50_ms"] <= phase["frames"]["p99_ms"] <= phase["frames"]["max_ms"],
          f"{name}: frame percentiles out of order: {phase['frames']}")
check(bench["phases"]["idle"]["items_done"] == 0, "idle: items were done with no job running")
recording = bench["phases"]["recording"]
check(recording["mode"] == "multi", "the recording phase is not multi-thread mode")
check(recording["captures"]["count"] > 0, "the recording phase captured no frame")
check(0 < recording["captures"]["median_ms"] <= recording["captures"]["max_ms"], f"captures: {recording['captures']}")
for name in ("multi", "single"):
    check(bench["phases"][name]["items_done"] > 0, f"{name}: no work items done")
check(bench["phases"]["multi"]["mode"] == "multi" and bench["phases"]["single"]["mode"] == "single",
      "phase modes are wrong")

points = bench["speedup"]["points"]
workers = [point["workers"] for point in points]
check(workers == list(range(1, cores + 1)) + [2 * cores], f"speedup measured at {workers} workers")
for point in points:
    check(point["best_s"] > 0 and len(point["seconds"]) == bench["speedup"]["repetitions"], f"speedup point {point}")
check(abs(points[0]["speedup"] - 1.0) < 1e-9, f"1 worker's speedup is {points[0]['speedup']}, not 1")

keys = {figure["key"] for figure in bench["figures"]}
for key in ("speedup_1_workers", f"speedup_{cores}_workers", "multi_over_idle_frame_p99", "multi_probe_p99_ms",
            "freeze_ratio", "multi_lowest_core_load_percent", "recording_over_multi_frame_p99", "capture_ms",
            "idle_cpu_per_frame_ms", "bare_window_cpu_per_frame_ms", "idle_over_bare_window"):
    check(key in keys, f"figure {key} missing")
bare = next(figure for figure in bench["figures"] if figure["key"] == "bare_window_cpu_per_frame_ms")
check(bare["value"] > 0, f"the bare window cost nothing: {bare}")
for figure in bench["figures"]:
    check(figure["pass"] in (True, False, None), f"figure {figure['key']}: pass is {figure['pass']!r}")
check(bench["soak"] is None, "a soak ran without --soak-minutes")

print(f"bench JSON: {len(bench['figures'])} figures, speedup at {workers} workers")
checks.finish()
PY
