# A scripted multi-thread session opens the window, keeps drawing, loads every
# core and writes a stats JSON that parses.
. "$(dirname "$0")/lib.sh"
need_display

run_session "$work/smoke.json" --duration 3 --mode multi

"$PYTHON" - "$work/smoke.json" <<'PY'
import json, sys

with open(sys.argv[1]) as file:
    stats = json.load(file)
frames, cores = stats["frames"], stats["cores"]
print(f"frames: {frames['count']} in {stats['duration_s']:.2f} s, p50 {frames['p50_ms']:.1f} ms, "
      f"p99 {frames['p99_ms']:.1f} ms; core loads {cores['mean_load_percent']} %")
failures = []
if stats["mode"] != "multi":
    failures.append(f"mode is {stats['mode']!r}, expected 'multi'")
if frames["count"] <= 30:
    failures.append(f"only {frames['count']} frames in {stats['duration_s']:.2f} s")
if cores["count"] < 1 or len(cores["mean_load_percent"]) != cores["count"]:
    failures.append(f"cores: {cores}")
if not all(load > 0 for load in cores["mean_load_percent"]):
    failures.append(f"an idle core: {cores['mean_load_percent']}")
for failure in failures:
    print("FAIL:", failure, file=sys.stderr)
sys.exit(1 if failures else 0)
PY
