#pragma once
// The subcommands' own options, each registered by its add_<name>_command
// (compare_options.cpp, scenario_options.cpp, bench_options.cpp; step's is
// in step_command.cpp), which sets line.command when it is chosen.

#include <CLI/CLI.hpp>

#include "commands/cli.hpp"

namespace threadlab::app {

void add_compare_command(CLI::App& app, CommandLine& line);
void add_scenario_command(CLI::App& app, CommandLine& line);
void add_bench_command(CLI::App& app, CommandLine& line);

}  // namespace threadlab::app
