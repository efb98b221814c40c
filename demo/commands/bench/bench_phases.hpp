#pragma once
// The benchmark's window phases: sessions of the real render loop, through
// the same runner as `threadlab --duration` (window/session.hpp), idle or
// with the job running, one of them recorded as the comparison records it.

#include <string>
#include <vector>

#include "output/json/comparison_report.hpp"
#include "settings/run_settings.hpp"
#include "window/progress_overlay.hpp"
#include "window/window.hpp"

namespace threadlab::app {

struct Phase {
  std::string name;  // idle, multi, recording, single
  ModeFigures figures;
  std::vector<double> capture_ms;  // recording: what each capture cost the render thread
  double redrawn_share = 1.0;      // mean share of the window's pixels each frame drew
};

// One phase: `seconds` of the loop in `mode`, with the job running or not.
Phase run_phase(Window& window, const RunSettings& settings, const char* name, Mode mode, bool with_job,
                double seconds, ProgressOverlay& overlay);
// A multi-thread run recorded as the comparison records it (the window read
// back at every filmstrip step): what recording costs the loop it records.
// Throws SessionInterrupted when the window is closed first.
Phase run_recording_phase(Window& window, const RunSettings& settings, double seconds, ProgressOverlay& overlay);
// A short session first, so the idle phase measures a window in its steady state.
void warm_up(Window& window, const RunSettings& settings, ProgressOverlay& overlay);

// The mean load of every core during a phase, less this process's own share of it.
double load_of_other_processes(const ModeFigures& figures, int cores);

}  // namespace threadlab::app
