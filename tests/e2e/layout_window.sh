# The layout as a user meets it, read from the stats JSON's "layout": a
# running 1600x900 window shrunk to 1280x720 with xdotool, a layout saved at
# 1600x900 reopened at 2560x1440, Ctrl+= zooming (kept for the next run),
# a display at Xft.dpi 192 (HiDPI) and --ui-scale. On
# its own virtual screen, large enough for 2560x1440; skipped (77) without
# Xvfb, xdotool or xrdb. The server runs with -noreset (tests/with_display.sh):
# it keeps the Xft.dpi resource after xrdb disconnects.
E2E_TOOLS="xdotool xrdb"
E2E_DISPLAY="-screen 0 2600x1500x24"
. "$(dirname "$0")/lib.sh"

# 1. A live resize: opened at 1600x900, shrunk to 1280x720 while it runs.
start_window --duration 6 --size 1600x900 --stats-json "$work/resized.json"
xdotool windowsize --sync "$window_id" 1280 720
wait_window_exit 30
[ "$window_status" -eq 0 ] || fail "the resized window: exit $window_status: $(cat "$work/stderr")"
# 2. The layout saved by that run (at 1600x900 first), reopened at 2560x1440.
"$THREADLAB" --duration 2 --size 1600x900 >"$work/out2" 2>&1
"$THREADLAB" --duration 3 --size 2560x1440 --stats-json "$work/large.json" >"$work/out3" 2>&1
# 3. The zoom: Ctrl+= twice in a running window (1.1 x 1.1, in 1/16 steps:
# 1.1875), saved with the layout and found again by the next run.
XDG_CONFIG_HOME="$work/zoom-config"
start_window --duration 5 --size 1600x900 --stats-json "$work/zoomed.json"
xdotool key ctrl+equal ctrl+equal
wait_window_exit 30
[ "$window_status" -eq 0 ] || fail "the zoomed window: exit $window_status: $(cat "$work/stderr")"
"$THREADLAB" --duration 2 --size 1600x900 --stats-json "$work/zoom-saved.json" >"$work/out7" 2>&1
XDG_CONFIG_HOME="$work/config"
# 4. HiDPI: the display says 192 dpi, twice the 96 of scale 1; and --ui-scale.
echo "Xft.dpi: 192" | xrdb -merge
"$THREADLAB" --duration 3 --size 1600x900 --stats-json "$work/hidpi.json" >"$work/out4" 2>&1
"$THREADLAB" --duration 3 --size 1280x720 --ui-scale 1.5 --stats-json "$work/projector.json" >"$work/out5" 2>&1
"$PYTHON" - "$work" <<'PY'
import json, sys
work = sys.argv[1]

def check(name, window, scale):
    layout = json.load(open(f"{work}/{name}.json"))["layout"]
    w, h = layout["window"]
    panels, view = layout["panels"], layout["view"]
    covered = sum(p["w"] * p["h"] for p in panels)
    largest = max(panels, key=lambda p: p["w"] * p["h"])
    print(f"{name}: window {w}x{h}, ui_scale {layout['ui_scale']}, {len(panels)} panels cover "
          f"{100 * covered / (w * h):.0f} %, largest {largest['name']} {largest['w']}x{largest['h']}, "
          f"picture {view['w']}x{view['h']}")
    problems = []
    if [w, h] != list(window): problems.append(f"window {w}x{h}, expected {window}")
    if abs(layout["ui_scale"] - scale) > 0.01: problems.append(f"ui_scale {layout['ui_scale']}, expected {scale}")
    for p in panels:
        if p["x"] < 0 or p["y"] < 0 or p["x"] + p["w"] > w or p["y"] + p["h"] > h:
            problems.append(f"{p['name']} outside the window: {p}")
    for i, a in enumerate(panels):
        for b in panels[i + 1:]:
            ox = min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"])
            oy = min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"])
            if ox > 0 and oy > 0: problems.append(f"{a['name']} overlaps {b['name']}")
    if largest["name"] not in ("Mandelbrot", "Scenario"): problems.append(f"the largest panel is {largest['name']}")
    if largest["w"] * largest["h"] < 0.2 * w * h: problems.append("the view is under 20 % of the window")
    if view["w"] < 640 or view["h"] < 480: problems.append(f"the picture is shown at {view['w']}x{view['h']}, under 640x480")
    # Panels and the status line fill the window: nothing left empty.
    if covered < 0.85 * w * h: problems.append(f"the panels cover only {100 * covered / (w * h):.0f} % of the window")
    for problem in problems: print("  " + problem)
    return not problems

ok = all([check("resized", (1280, 720), 1.0), check("large", (2560, 1440), 1.0),
          check("zoomed", (1600, 900), 1.1875), check("zoom-saved", (1600, 900), 1.1875),
          check("hidpi", (1600, 900), 2.0), check("projector", (1280, 720), 1.5)])
sys.exit(0 if ok else 1)
PY
echo "layout window: ok"
