#include "commands/bench/bench_json.hpp"

#include <algorithm>

#include "output/json/figures_json.hpp"
#include "threadlab/measurement/frame_stats.hpp"
#include "threadlab/measurement/machine.hpp"

namespace threadlab::app {

using Json = nlohmann::ordered_json;

std::vector<double> load_averages() {
  const LoadAverages load = current_load_averages().value_or(LoadAverages{});
  return {load.one_minute, load.five_minutes, load.fifteen_minutes};
}

void to_json(Json& j, const BenchMachine& machine) {
  j = {{"cpu_model", machine.cpu_model},
       {"cores", machine.cores},
       {"gl_renderer", machine.gl_renderer},
       {"gl_version", machine.gl_version},
       {"load_average_at_start", machine.load_at_start},
       {"load_average_at_end", machine.load_at_end},
       {"cpu_bound_processes_beside", machine.beside},
       {"date", machine.date}};
}

void to_json(Json& j, const Phase& phase) {
  j = phase.figures;
  j["redrawn_share"] = phase.redrawn_share;
  j["job_running"] = phase.name != "idle";
  if (phase.name == "recording") {
    const auto longest = std::max_element(phase.capture_ms.begin(), phase.capture_ms.end());
    j["captures"] = {{"count", phase.capture_ms.size()},
                     {"median_ms", median_of(phase.capture_ms)},
                     {"max_ms", longest == phase.capture_ms.end() ? 0.0 : *longest}};
  }
}

void to_json(Json& j, const SpeedupPoint& point) {
  j = {{"workers", point.workers},   {"best_s", point.best_s},         {"median_s", point.median_s},
       {"speedup", point.speedup},   {"cores_used", point.cores_used}, {"seconds", point.seconds}};
}

void to_json(Json& j, const SoakFigures& soak) {
  Json samples = Json::array();
  for (const MemorySample& sample : soak.samples) samples.push_back({sample.at_s, sample.resident_mib});
  j = {{"minutes", soak.minutes},
       {"warm_up_s", soak.warm_up_s},
       {"toggles", soak.toggles},
       {"frames", soak.frames},
       {"start_mib", soak.start_mib},
       {"end_mib", soak.end_mib},
       {"max_mib", soak.max_mib},
       {"peak_mib", soak.peak_mib},
       {"growth_mib", soak.growth_mib},
       {"growth_percent", soak.growth_percent},
       {"steady", soak.steady},
       {"samples_s_mib", std::move(samples)}};
}

void to_json(Json& j, const Row& row) {
  j = {{"key", row.key}, {"figure", row.figure}, {"value", row.value}, {"unit", row.unit}, {"measured", row.measured}};
  j["target"] = row.target.empty() ? Json(nullptr) : Json(row.target);
  j["pass"] = row.passed ? Json(*row.passed) : Json(nullptr);
}

Json build_bench_json(const BenchMachine& machine, const RunSettings& settings, const BenchSettings& bench,
                      const BenchPhases& phases, const std::vector<SpeedupPoint>& speedup, const MandelbrotView& view,
                      const std::optional<SoakFigures>& soak, const std::vector<Row>& rows) {
  Json j;
  j["version"] = THREADLAB_VERSION;
  j["machine"] = machine;
  j["settings"] = {{"window", {{"width", settings.window.width}, {"height", settings.window.height}}},
                   {"image", {{"width", settings.lab.image_width}, {"height", settings.lab.image_height}}},
                   {"workload", to_string(settings.lab.workload)},
                   {"workers", settings.lab.workers},
                   {"priority", to_string(settings.lab.priority)},
                   {"phase_seconds", bench.phase_seconds},
                   {"soak_minutes", bench.soak_minutes}};
  Json phase_figures;
  for (const Phase* phase : {&phases.idle, &phases.multi, &phases.recording, &phases.single}) {
    phase_figures[phase->name] = *phase;
  }
  j["phases"] = std::move(phase_figures);
  j["speedup"] = {{"method",
                   "one Mandelbrot job (the window's opening view) on fresh JobWorkers at normal priority, "
                   "window open but not drawing; wall time start to join; speedup = best 1-worker time / "
                   "best k-worker time"},
                  {"view", view},
                  {"repetitions", speedup_repetitions},
                  {"points", speedup}};
  j["soak"] = soak ? Json(*soak) : Json(nullptr);
  j["figures"] = rows;
  return j;
}

}  // namespace threadlab::app
