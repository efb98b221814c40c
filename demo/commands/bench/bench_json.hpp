#pragma once
// The benchmark's figures as JSON (`threadlab bench --json FILE`): where it
// ran, its settings, each phase's figures, the speedup, the soak and the
// table's rows, each with its key.

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "commands/bench/bench_table.hpp"
#include "settings/command_settings.hpp"
#include "settings/run_settings.hpp"
#include "threadlab/workloads/mandelbrot.hpp"

namespace threadlab::app {

// Where and when the benchmark ran.
struct BenchMachine {
  std::string cpu_model;
  int cores = 0;
  std::string gl_renderer, gl_version;
  std::vector<double> load_at_start, load_at_end;
  std::string date;
  int beside = 0;  // CPU-bound processes run beside it (--beside N)
};

// 1, 5 and 15 minute load averages; zeros where /proc/loadavg cannot be read.
std::vector<double> load_averages();

void to_json(nlohmann::ordered_json& j, const BenchMachine& machine);
void to_json(nlohmann::ordered_json& j, const Phase& phase);
void to_json(nlohmann::ordered_json& j, const SpeedupPoint& point);
void to_json(nlohmann::ordered_json& j, const SoakFigures& soak);
void to_json(nlohmann::ordered_json& j, const Row& row);

nlohmann::ordered_json build_bench_json(const BenchMachine& machine, const RunSettings& settings,
                                        const BenchSettings& bench, const BenchPhases& phases,
                                        const std::vector<SpeedupPoint>& speedup, const MandelbrotView& view,
                                        const std::optional<SoakFigures>& soak, const std::vector<Row>& rows);

}  // namespace threadlab::app
