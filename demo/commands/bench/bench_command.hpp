#pragma once
// The macro benchmark, `threadlab bench`: the real window and render loop
// (App) idle, then in multi-thread and single-thread mode on the same
// Mandelbrot job; the job's speedup at 1..N workers; optionally a memory
// soak that toggles the mode every second. Prints one table of figures
// against the project's targets and writes them as JSON.

#include "settings/command_settings.hpp"
#include "settings/run_settings.hpp"

namespace threadlab::app {

// Returns the exit code: 0 whenever the benchmark ran, targets met or not
// (a MISS is a finding, not a failure). Throws WindowError without a usable
// display, std::runtime_error when the JSON cannot be written.
int run_bench(const RunSettings& settings, const BenchSettings& bench);

}  // namespace threadlab::app
