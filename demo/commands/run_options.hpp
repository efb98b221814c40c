#pragma once
// The options of a run of the window, which every command that opens it
// takes (`threadlab [options]`, and after compare or bench): what the Lab
// runs and how the session goes; and --beside, the load run beside a
// measured run.

#include <CLI/CLI.hpp>

#include "settings/run_settings.hpp"

namespace threadlab::app {

// --mode, --workload, --priority, --threads (1..2x core_count; io more).
void add_lab_options(CLI::App& app, RunSettings& run, int core_count);
// --size, --duration, --page, --screenshot-dir, --ui-scale, --stats-json, --trace.
void add_session_options(CLI::App& app, RunSettings& run);
// --beside N, for compare and bench: a busy machine, reproducibly.
void add_beside_option(CLI::App& command, int& beside);

}  // namespace threadlab::app
