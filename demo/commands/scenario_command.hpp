#pragma once
// `threadlab scenario NAME [--fix] [--duration S] [--threads N] [--stats-json FILE]`:
// one scripted run of a scenario (threadlab/scenario.hpp) without a window.
// It prints what the scenario is about, its progress and what it measured;
// the JSON carries the same figures for scripts and tests.

#include <string>

#include "process/exit_codes.hpp"
#include "settings/command_settings.hpp"
#include "threadlab/scenarios/scenario.hpp"

namespace threadlab::app {

// The figures and findings as lines for a terminal.
std::string format_scenario_result(const ScenarioResult& result);

// Runs it; returns the exit code: 0, exit_bad_usage for options the scenario
// refuses (one line on stderr), 1 when it cannot run here, and 128 + the
// signal (130, 143, 129: process/signals.hpp) when SIGINT, SIGTERM or SIGHUP ended
// it early; its threads are joined within about 0.5 s of the signal and
// nothing is written under --stats-json then. Output to a closed stdout is
// dropped, never fatal.
int run_scenario_command(const ScenarioSettings& command);

}  // namespace threadlab::app
