# An X display without the GLX extension (no OpenGL at all) is refused in one
# line a user understands, exit 2. Xvfb started with -extension GLX is one.
. "$(dirname "$0")/lib.sh"

need_tools Xvfb

expect_usage_error "threadlab: this X display has no OpenGL (GLX) support: GLX extension not found *" \
  "$WITH_DISPLAY" --xvfb "-screen 0 1280x1024x24 -extension GLX" "$THREADLAB" --duration 1
echo "no GLX: ok"
