#include "stats_json.hpp"

#include <fmt/format.h>

#include "output/atomic_file.hpp"
#include "figures_json.hpp"
#include "scenario_json.hpp"
#include "timeline_json.hpp"

namespace threadlab::app {

nlohmann::ordered_json build_stats_json(const LabSnapshot& snapshot, const SessionFacts& facts) {
  nlohmann::ordered_json locks = nlohmann::ordered_json::array();
  for (const LockStats& lock : snapshot.locks) locks.push_back(lock);
  nlohmann::ordered_json frames = snapshot.frames;
  frames["mean_ms"] = snapshot.frames.mean_ms;
  frames["over_50ms"] = snapshot.frames.over_threshold;

  nlohmann::ordered_json json = {
      {"version", facts.version},
      {"mode", to_string(snapshot.settings.mode)},
      {"workload", to_string(snapshot.settings.workload)},
      {"threads", snapshot.worker_count},
      {"priority", to_string(snapshot.settings.priority)},
      {"duration_s", facts.duration_s},
      {"frames", frames},
      {"longest_freeze_ms", snapshot.longest_freeze_ms},
      {"job_error", snapshot.job_error},  // why the last job ended early, one line; empty: it did not
      {"probe", snapshot.probe},
      // How late the probe's own thread sent its pings (a busy core's delay, not the window's).
      {"probe_lateness", snapshot.probe_lateness},
      {"locks", locks},
      // Lock orders that close a cycle: deadlocks that can happen (lock_order.hpp).
      {"lock_order_inversions", snapshot.lock_order_inversions},
      {"cores",
       {
           {"count", snapshot.mean_core_load_percent.size()},
           {"mean_load_percent", snapshot.mean_core_load_percent},
           {"process_mean_percent", snapshot.mean_process_percent},
       }},
      // Where this process's CPU went, mean since the statistics were
      // cleared, % of one core: threading's Threads, the render thread, and
      // the threads threading did not start (the GL driver's llvmpipe-N).
      {"process_cpu_split", snapshot.mean_cpu_split},
      {"throughput",
       {
           {"jobs_completed", snapshot.jobs_completed},
           {"items_done", snapshot.items_done_total},
           {"items_per_second", snapshot.items_per_second},
       }},
  };
  // What each thread did over the last 10 s, and how fast cancels landed.
  json["timeline"] = timeline_totals_json(snapshot.timeline);
  json["cancellation_latency"] = cancellation_json(snapshot.cancellations);
  if (facts.layout) json["layout"] = layout_json(*facts.layout);
  if (snapshot.scenario) {
    // The scenario page open at the end, with what it measured.
    const ScenarioSnapshot& scenario = *snapshot.scenario;
    ScenarioOptions options;
    options.fix = scenario.current.fix;
    options.duration = snapshot.settings.scenario_duration;
    json["scenario"] = build_scenario_json(scenario.current, options);
    json["scenario"]["state"] = {{"started", scenario.started},
                                 {"running", scenario.running},
                                 {"finished", scenario.finished},
                                 {"awaiting_break", scenario.awaiting_break},
                                 {"progress", scenario.progress},
                                 {"error", scenario.error}};
  }
  return json;
}

nlohmann::ordered_json layout_json(const WindowLayout& layout) {
  const auto rect = [](const LayoutRect& r, bool named) {
    nlohmann::ordered_json out;
    if (named) out["name"] = r.name;
    out["x"] = r.x;
    out["y"] = r.y;
    out["w"] = r.w;
    out["h"] = r.h;
    return out;
  };
  nlohmann::ordered_json panels = nlohmann::ordered_json::array();
  for (const LayoutRect& panel : layout.panels) panels.push_back(rect(panel, true));
  nlohmann::ordered_json json;
  json["window"] = {layout.width, layout.height};
  json["ui_scale"] = layout.ui_scale;
  json["panels"] = panels;
  json["view"] = rect(layout.view, false);
  return json;
}

void write_json_atomically(const std::filesystem::path& file, const nlohmann::ordered_json& json,
                           const CommitGate& gate) {
  write_file_atomically(file, json.dump(2) + "\n", gate);
}

}  // namespace threadlab::app
