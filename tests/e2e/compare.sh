# `threadlab compare` at the default 1600x900, as a user runs it: the same
# scripted job in both modes, in the real window, written as six files. The
# PNGs must decode, have the stated layout and not be blank, and the
# single-thread screenshot must show the finished fractal (the render thread
# draws each picture before its next job). The timing checks are ratios
# within one run, on medians that one slow frame cannot flip; a run that
# misses them on a busy machine is repeated, up to three runs in all.
# An --out that cannot be created, a file, or an unwritable folder is
# refused (exit 2, one line) before anything runs (compare_set.sh: a missing
# one is created).
. "$(dirname "$0")/lib.sh"
need_display

out="$work/out"
compare_and_check() {
  rm -rf "$out"
  mkdir "$out"
  "$WITH_DISPLAY" "$THREADLAB" compare --out "$out" --workload mandelbrot --duration 4 ||
    fail "threadlab compare exited $?"
  "$PYTHON" - "$out" "$E2E_DIR" <<'PY'
import json, os, sys
sys.path.insert(0, sys.argv[2])
from e2e_lib import Checks, read_png, distinct_colours, mandelbrot_colour_share

out = sys.argv[1]
checks = Checks()
check, timing = checks.check, checks.timing

for name in ("single.png", "multi.png", "side_by_side.png", "filmstrip.png", "report.json", "report.md"):
    check(os.path.isfile(os.path.join(out, name)), f"{name} missing")
check(not [n for n in os.listdir(out) if ".tmp-" in n], "temporary files left behind")

images = {}
for name in ("single.png", "multi.png", "side_by_side.png", "filmstrip.png"):
    images[name] = read_png(os.path.join(out, name))
    width, height, rows = images[name]
    print(f"{name}: {width}x{height}, {distinct_colours(rows)} colours sampled")
    check(distinct_colours(rows) > 20, f"{name} looks blank")

sw, sh, srows = images["single.png"]
check((sw, sh) == (1600, 900), f"single.png is {sw}x{sh}, not the 1600x900 window")
check(images["multi.png"][:2] == (sw, sh), "multi.png is not the window's size")
share = mandelbrot_colour_share(sw, sh, srows)
print(f"single.png: {100 * share:.0f}% of the Mandelbrot picture in the fractal's colours")
check(share > 0.03, "single.png's Mandelbrot view is blank: the finished picture was never drawn")
bw, bh, brows = images["side_by_side.png"]
check(bw >= sw and bh > sh // 2, f"side_by_side.png {bw}x{bh} cannot hold two half-width screenshots")
left, right = brows[5][5 * 4:5 * 4 + 3], brows[5][(bw - 5) * 4:(bw - 5) * 4 + 3]
check(left[0] > 200 and left[1] < 100, f"side_by_side.png: left label bar is not the single-thread red {list(left)}")
check(right[1] > 150 and right[0] < 150, f"side_by_side.png: right label bar is not the multi-thread green {list(right)}")
fw, fh, _ = images["filmstrip.png"]
# Five large pictures a row, readable at 100 %: not one long strip of thumbnails.
check(1200 <= fw <= 2400 and fh >= 800, f"filmstrip.png is {fw}x{fh}, not rows of large pictures")

with open(os.path.join(out, "report.json")) as file:
    report = json.load(file)
single, multi = report["single"], report["multi"]
for key in ("job_wall_s", "items_per_second", "frames", "frames_over_50ms", "longest_freeze_ms", "probe",
            "locks", "mean_core_load_percent"):
    check(key in single and key in multi, f"report.json lacks {key}")
check(single["mode"] == "single" and multi["mode"] == "multi", "modes are not single and multi")
# The same job in both modes: the same views, in the same order, from the same first one.
sv, mv = single.get("views", []), multi.get("views", [])
check(len(sv) >= 1 and len(mv) >= 1, f"report.json's views: {len(sv)} single, {len(mv)} multi")
common = min(len(sv), len(mv))
check(sv[:common] == mv[:common], "the two modes' jobs did not run the same views")
check(len(sv) >= single["jobs_completed"], "single-thread mode has fewer views than jobs completed")
print(f"views: single {len(sv)}, multi {len(mv)}, first {sv[0] if sv else None}")
frames_ratio = single["frames"]["p50_ms"] / max(multi["frames"]["p50_ms"], 1e-9)
probe_ratio = single["probe"]["p50_ms"] / max(multi["probe"]["p50_ms"], 1e-9)
print(f"frame p50: single {single['frames']['p50_ms']:.0f} ms, multi {multi['frames']['p50_ms']:.1f} ms ({frames_ratio:.0f}x); "
      f"probe p50: single {single['probe']['p50_ms']:.0f} ms, multi {multi['probe']['p50_ms']:.1f} ms ({probe_ratio:.0f}x)")
print(f"longest freeze: single {single['longest_freeze_ms']:.0f} ms, multi {multi['longest_freeze_ms']:.0f} ms; "
      f"multi frames over 50 ms: {multi['frames_over_50ms']} of {multi['frames']['count']}")
timing(frames_ratio >= 10, f"single-thread frame p50 is only {frames_ratio:.1f}x multi-thread's")
timing(probe_ratio >= 10, f"single-thread probe p50 is only {probe_ratio:.1f}x multi-thread's")
with open(os.path.join(out, "report.md")) as file:
    check("longest freeze" in file.read(), "report.md lacks the longest freeze")
checks.finish()
PY
}
best_of_three "threadlab compare's pictures and report" compare_and_check

# A missing --out is created (compare_set.sh); one that cannot be is refused.
expect_usage_error "threadlab: --out: cannot create folder /proc/threadlab-missing: *" \
  "$WITH_DISPLAY" "$THREADLAB" compare --out /proc/threadlab-missing
expect_usage_error "threadlab: --out*required*" "$WITH_DISPLAY" "$THREADLAB" compare
touch "$work/a-file"
expect_usage_error "threadlab: --out: *not a directory*" "$WITH_DISPLAY" "$THREADLAB" compare --out "$work/a-file"
if [ "$(id -u)" -ne 0 ]; then  # root writes anywhere
  mkdir "$work/locked"
  chmod a-w "$work/locked"
  expect_usage_error "threadlab: --out: *Permission denied*" "$WITH_DISPLAY" "$THREADLAB" compare --out "$work/locked"
  [ -z "$(ls -A "$work/locked")" ] || fail "files written into the unwritable folder"
fi
echo "compare: ok"
