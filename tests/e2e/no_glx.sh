# An X display without the GLX extension (no OpenGL at all) is refused in one
# line a user understands, exit 2. Xvfb started with -extension GLX is one.
. "$(dirname "$0")/lib.sh"

need_tools xvfb-run

# threadlab's own exit status and stderr, whatever xvfb-run's clean-up of its
# server returns (it can exit non-zero after the command it ran succeeded).
run_without_glx() {
  xvfb-run -a -s "-screen 0 1280x1024x24 -extension GLX" \
    sh -c '"$0" --duration 1 2>"$1"; echo $? >"$2"' "$THREADLAB" "$work/no_glx.stderr" "$work/no_glx.status" \
    >/dev/null 2>&1 || true
  [ -s "$work/no_glx.status" ] || { echo "threadlab never ran under xvfb-run" >&2; return 99; }
  cat "$work/no_glx.stderr" >&2
  return "$(cat "$work/no_glx.status")"
}

expect_usage_error "threadlab: this X display has no OpenGL (GLX) support: GLX extension not found *" \
  run_without_glx
echo "no GLX: ok"
