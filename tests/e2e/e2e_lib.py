"""Shared by the e2e scripts' Python checks: failures collected with a message
each, PNG reading (what threadlab writes: 8-bit RGBA), and a look at the
Mandelbrot view of a window screenshot. Debian's python3, standard library only."""
import struct
import sys
import zlib

# Exit codes: a structural failure (a file missing, a wrong shape) is final;
# a timing figure that missed its ratio may be the machine's doing, and the
# scripts run again, up to three times, before they call it a failure.
EXIT_FAILED = 1
EXIT_TIMING_MISSED = 3


class Checks:
    def __init__(self):
        self.failures = []
        self.timing_misses = []

    def check(self, condition, message):
        """A fact that must hold on any machine."""
        if not condition:
            self.failures.append(message)

    def timing(self, condition, message):
        """A ratio measured within one run: may miss on a busy machine."""
        if not condition:
            self.timing_misses.append(message)

    def finish(self):
        for failure in self.failures:
            print("FAIL:", failure, file=sys.stderr)
        for miss in self.timing_misses:
            print("TIMING MISSED:", miss, file=sys.stderr)
        if self.failures:
            sys.exit(EXIT_FAILED)
        sys.exit(EXIT_TIMING_MISSED if self.timing_misses else 0)


def read_png(path):
    """Width, height and RGBA rows (bytearrays) of an 8-bit RGBA PNG."""
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


def mandelbrot_colour_share(width, height, rows, step=3):
    """Share of the Mandelbrot picture's area (the middle of its panel in the
    default layout) in the fractal's own saturated colours. A view still
    black, or one showing only panel chrome, scores near 0."""
    x0, x1 = int(width * 0.30), int(width * 0.56)
    y0, y1 = int(height * 0.10), int(height * 0.45)
    seen = colourful = 0
    for y in range(y0, y1, step):
        row = rows[y]
        for x in range(x0, x1, step):
            r, g, b = row[4 * x], row[4 * x + 1], row[4 * x + 2]
            seen += 1
            colourful += max(r, g, b) - min(r, g, b) > 80
    return colourful / max(seen, 1)
