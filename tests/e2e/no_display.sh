# Without a display threadlab says so in one line and exits 2; it does not crash.
. "$(dirname "$0")/lib.sh"

expect_usage_error \
  "threadlab: cannot open a window: no display (set DISPLAY, or run under xvfb-run)" \
  env -u DISPLAY -u WAYLAND_DISPLAY "$THREADLAB" --duration 1
