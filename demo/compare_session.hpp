#pragma once
// The mode comparison, run: the same scripted job first in single-thread then
// in multi-thread mode, in the real window and the real render loop (App),
// the window captured after every frame it shows; then the six files
// (compare.hpp) in the output folder.

#include <filesystem>
#include <functional>

#include "cli.hpp"

namespace threadlab::app {

class Window;

// Progress of the comparison, 0..1, with what is running ("single-thread run").
using CompareProgress = std::function<void(double fraction, const char* stage)>;

// Runs both modes in `window` with `settings` (its mode is ignored), each for
// `seconds`, drawing a progress bar over the panels, and writes the files
// into `folder`. Throws std::runtime_error when the folder is unusable
// (before anything runs) or a file cannot be written.
void run_comparison(Window& window, const RunSettings& settings, double seconds,
                    const std::filesystem::path& folder, const CompareProgress& progress);

}  // namespace threadlab::app
