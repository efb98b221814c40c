#pragma once
// The benchmark's table: every figure with its target from the project's
// targets table (threadlab/targets.hpp), printed for people and written to
// the JSON for scripts, each row with its key.

#include <optional>
#include <string>
#include <vector>

#include "commands/bench/bare_window.hpp"
#include "commands/bench/bench_phases.hpp"
#include "commands/bench/bench_soak.hpp"
#include "commands/bench/bench_speedup.hpp"
#include "settings/run_settings.hpp"

namespace threadlab::app {

struct Row {
  std::string figure;
  std::string measured;
  std::string target;          // empty: for information
  std::optional<bool> passed;  // none: for information
  // For the JSON.
  std::string key;
  double value = 0;
  std::string unit;
};

// The four window phases, in the order they run.
struct BenchPhases {
  Phase idle, multi, recording, single;
  BareWindowFigures bare;  // the floor: the same window, clear and swap only
};

std::vector<Row> build_rows(const BenchPhases& phases, const std::vector<SpeedupPoint>& speedup, int cores,
                            WindowSize window_size, const std::optional<SoakFigures>& soak);

// The table as printed, under `heading`, with how many targets were met.
std::string table_text(const std::vector<Row>& rows, const std::string& heading);

// "12 34 %": each core's mean load.
std::string loads_text(const std::vector<double>& loads);

}  // namespace threadlab::app
