#pragma once
// The benchmark's "bare window" phase: the floor a window costs here. The
// same window (size, GL context, software or hardware path) only clears and
// swaps, paced at the render loop's 60 Hz, with no ImGui, no Lab and no
// threads of ours: what is left is GLFW, the X server round trip and the
// GL driver presenting a frame. The idle window's CPU per frame is judged
// as a multiple of it.

#include "window/window.hpp"

namespace threadlab::app {

struct BareWindowFigures {
  double seconds = 0;           // wall time of the phase
  long frames = 0;
  double cpu_ms_per_frame = 0;  // the whole process's CPU (every thread), per frame
  double frames_per_second = 0;
};

// Runs the phase for `seconds`; ends early (with what it has) when the
// window is closed.
BareWindowFigures measure_bare_window(Window& window, double seconds);

}  // namespace threadlab::app
