# A display without OpenGL 3.3 core gets one line saying what it offers, exit 2.
# Mesa stands in for such a display when told to claim OpenGL 3.0 only: it then
# refuses a 3.3 core context (GLXBadFBConfig).
. "$(dirname "$0")/lib.sh"
need_display

expect_usage_error "threadlab: OpenGL 3.3 core is required, this display offers 3.0" \
  env MESA_GL_VERSION_OVERRIDE=3.0 "$WITH_DISPLAY" "$THREADLAB" --duration 1
