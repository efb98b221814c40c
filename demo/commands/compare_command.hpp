#pragma once
// The mode comparison, run: the same scripted job first in single-thread then
// in multi-thread mode, each a session of the real window (window/session.hpp), the
// window read back at fixed steps as it is drawn; then the six files
// (output/comparison_pictures.hpp) in the output folder.

#include <filesystem>
#include <functional>

#include "window/session.hpp"

namespace threadlab::app {

// Progress of the comparison, 0..1, with what is running ("single-thread run").
using CompareProgress = std::function<void(double fraction, const char* stage)>;

struct ModeRun;
struct ProgressOverlay;

// One mode's run of the comparison: a session of `seconds` in `mode`, the
// window read back at the filmstrip's steps. Throws SessionInterrupted
// when the session ends early. (The benchmark records one to measure what
// recording costs.)
ModeRun record_mode(Window& window, const SessionPlan& base, Mode mode, double seconds,
                    const ProgressOverlay& overlay, const std::function<void(double)>& progress);

// Runs both modes in `window` with `base` (its mode and duration are
// ignored), each for `seconds`, drawing a progress bar over the panels, and
// writes the files into `folder`. Throws SessionInterrupted when the
// window is closed first, std::runtime_error when the folder is unusable
// (before anything runs) or a file cannot be written. `beside`: the
// CPU-bound processes the caller runs beside it (--beside), for the report.
void run_comparison(Window& window, const SessionPlan& base, double seconds, const std::filesystem::path& folder,
                    const CompareProgress& progress, int beside = 0);

}  // namespace threadlab::app
