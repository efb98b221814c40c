# `threadlab compare`: the same scripted job in both modes, in the real
# window, written as six files. The PNGs must decode, have the stated layout
# and not be blank; the multi-thread run's longest freeze must be at most a
# tenth of the single-thread run's. An --out that cannot be created, a file,
# or an unwritable folder is refused (exit 2, one line) before anything runs,
# and nothing is written (compare_set.sh: a missing one is created).
. "$(dirname "$0")/lib.sh"

out="$work/out"
mkdir "$out"
# A smaller window: see mode_comparison.sh (llvmpipe's cost grows with area).
"$WITH_DISPLAY" "$THREADLAB" compare --out "$out" --workload mandelbrot --duration 4 --size 960x540 ||
  fail "threadlab compare exited $?"

"$PYTHON" - "$out" <<'PY'
import json, os, struct, sys, zlib

out = sys.argv[1]
failures = []
def check(condition, message):
    if not condition:
        failures.append(message)

def read_png(path):
    """Width, height and RGBA rows of an 8-bit RGBA PNG (what threadlab writes)."""
    with open(path, "rb") as file:
        data = file.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path}: not a PNG"
    pos, idat, width, height = 8, b"", 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and color == 6, f"{path}: not 8-bit RGBA"
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride, rows, previous = width * 4, [], bytearray(width * 4)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - 4] if i >= 4 else 0
            b = previous[i]
            c = previous[i - 4] if i >= 4 else 0
            if kind == 1: line[i] = (line[i] + a) & 255
            elif kind == 2: line[i] = (line[i] + b) & 255
            elif kind == 3: line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        previous = line
    return width, height, rows

def distinct_colours(rows, step=7):
    return len({bytes(row[x:x + 3]) for row in rows[::step] for x in range(0, len(row), 4 * step)})

for name in ("single.png", "multi.png", "side_by_side.png", "filmstrip.png", "report.json", "report.md"):
    check(os.path.isfile(os.path.join(out, name)), f"{name} missing")
check(not [n for n in os.listdir(out) if ".tmp-" in n], "temporary files left behind")

images = {}
for name in ("single.png", "multi.png", "side_by_side.png", "filmstrip.png"):
    images[name] = read_png(os.path.join(out, name))
    width, height, rows = images[name]
    print(f"{name}: {width}x{height}, {distinct_colours(rows)} colours sampled")
    check(distinct_colours(rows) > 20, f"{name} looks blank")

sw, sh, _ = images["single.png"]
check((sw, sh) == (960, 540), f"single.png is {sw}x{sh}, not the 960x540 window")
check(images["multi.png"][:2] == (sw, sh), "multi.png is not the window's size")
bw, bh, brows = images["side_by_side.png"]
check(bw >= sw and bh > sh // 2, f"side_by_side.png {bw}x{bh} cannot hold two half-width screenshots")
left, right = brows[5][5 * 4:5 * 4 + 3], brows[5][(bw - 5) * 4:(bw - 5) * 4 + 3]
check(left[0] > 200 and left[1] < 100, f"side_by_side.png: left label bar is not the single-thread red {list(left)}")
check(right[1] > 150 and right[0] < 150, f"side_by_side.png: right label bar is not the multi-thread green {list(right)}")
fw, fh, _ = images["filmstrip.png"]
check(fw > 4 * fh, f"filmstrip.png {fw}x{fh} is not two long rows")

with open(os.path.join(out, "report.json")) as file:
    report = json.load(file)
single, multi = report["single"], report["multi"]
for key in ("job_wall_s", "items_per_second", "frames", "frames_over_50ms", "longest_freeze_ms", "probe",
            "locks", "mean_core_load_percent"):
    check(key in single and key in multi, f"report.json lacks {key}")
print(f"longest freeze: single {single['longest_freeze_ms']:.0f} ms, multi {multi['longest_freeze_ms']:.0f} ms")
print(f"probe p99: single {single['probe']['p99_ms']:.0f} ms, multi {multi['probe']['p99_ms']:.0f} ms")
check(single["mode"] == "single" and multi["mode"] == "multi", "modes are not single and multi")
check(multi["longest_freeze_ms"] * 10 <= single["longest_freeze_ms"],
      "the multi-thread run's longest freeze is more than a tenth of the single-thread run's")
with open(os.path.join(out, "report.md")) as file:
    check("longest freeze" in file.read(), "report.md lacks the longest freeze")

for failure in failures:
    print("FAIL:", failure)
sys.exit(1 if failures else 0)
PY

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
