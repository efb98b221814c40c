#pragma once
// What the subcommands ask for (`compare`, `scenario`, `bench`), beside the
// run options (run_settings.hpp) that `compare` and `bench` share.

#include <filesystem>
#include <optional>
#include <vector>

#include "threadlab/scenarios/scenario.hpp"
#include "threadlab/stepping/step_lesson.hpp"

namespace threadlab::app {

// `threadlab compare --out DIR`; the run options (--workload, --threads,
// --size...) apply to both modes.
struct CompareSettings {
  std::filesystem::path out;
  double duration_seconds = 4.0;  // each mode
  int beside = 0;                 // --beside N: CPU-bound processes beside the run
};

inline constexpr int max_scenario_threads = 64;

// `threadlab scenario NAME`: one scripted run of a scenario
// (threadlab/scenario.hpp), no window.
struct ScenarioSettings {
  ScenarioKind kind = ScenarioKind::race;
  ScenarioOptions options;
  std::optional<std::filesystem::path> stats_json;
  std::optional<std::filesystem::path> trace;  // Chrome Trace Event JSON of the run
};

// `threadlab step LESSON`: a Step-through lesson run to a given schedule
// (threadlab/stepping/stepper.hpp), no window.
struct StepSettings {
  stepping::StepOptions options;
  std::vector<int> schedule;  // 1-based thread numbers, as typed
  std::optional<std::filesystem::path> stats_json;
};

// `threadlab bench`; --size (a run option) sets the window.
struct BenchSettings {
  double phase_seconds = 5.0;  // each of idle, single-thread and multi-thread
  double soak_minutes = 0;     // 0: no memory soak
  int beside = 0;              // --beside N: CPU-bound processes beside the run
  std::optional<std::filesystem::path> json;
};

}  // namespace threadlab::app
