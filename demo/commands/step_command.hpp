#pragma once
// `threadlab step race|deadlock [--fix] [--threads N] [--repeats R]
//  [--schedule 1,2,1,...] [--stats-json FILE]`: a Step-through lesson run
// to a schedule on real Threads (threadlab/stepping/stepper.hpp), then the
// rest in thread order to the end or until every thread is blocked. It
// prints each step and the outcome; the JSON has every step and the figures.

#include <CLI/CLI.hpp>

#include "commands/cli.hpp"
#include "process/exit_codes.hpp"
#include "settings/command_settings.hpp"

namespace threadlab::app {

// Registers the subcommand; choosing it sets line.command = Command::step.
void add_step_command(CLI::App& app, CommandLine& line);

// Returns the exit code: 0; exit_bad_usage (one line on stderr) for options
// the lesson refuses or a thread number it does not have; 1 when the
// threads failed to follow the schedule.
int run_step_command(const StepSettings& command);

}  // namespace threadlab::app
