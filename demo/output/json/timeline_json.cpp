#include "timeline_json.hpp"

#include <set>

namespace threadlab::app {
namespace {

nlohmann::ordered_json summary_json(const CancellationSummary& summary) {
  nlohmann::ordered_json out = {{"count", summary.count},
                                {"stop_median_ms", summary.stop_median_ms},
                                {"stop_max_ms", summary.stop_max_ms},
                                {"first_tile_count", summary.first_tile_count}};
  if (summary.first_tile_count > 0) {
    out["first_tile_median_ms"] = summary.first_tile_median_ms;
    out["first_tile_max_ms"] = summary.first_tile_max_ms;
  }
  return out;
}

}  // namespace

nlohmann::ordered_json timeline_totals_json(const TimelineSnapshot& timeline) {
  nlohmann::ordered_json lanes = nlohmann::ordered_json::array();
  for (const TimelineLane& lane : timeline.lanes) {
    const TimelineTotals& t = lane.totals;
    nlohmann::ordered_json entry = {
        {"name", lane.name},
        {"render_thread", lane.render},
        {"threads", lane.tids.size()},
        {"wall_ms", t.wall_ms},
        // Recorded at each change of state.
        {"state_ms",
         {{"running", t.running_ms}, {"job", t.job_ms}, {"lock_wait", t.lock_wait_ms}, {"event_wait", t.event_wait_ms},
          {"input_wait", t.input_wait_ms},
          {"paused", t.paused_ms}}},
        {"lock_waits", t.lock_waits},
        {"frames", t.frames},
        {"items", t.items},
    };
    // Sampled every CPU sample (none in a scripted scenario, which runs no sampler).
    if (!lane.cpu.empty()) {
      entry["sampled_ms"] = {{"on_cpu", t.cpu_ms},
                             {"runnable", t.runnable_ms},
                             {"off_cpu", std::max(0.0, t.wall_ms - t.cpu_ms - t.runnable_ms)}};
    }
    lanes.push_back(std::move(entry));
  }
  return {{"window_s", timeline.window_ms() / 1000.0}, {"recording", timeline.recording}, {"lanes", lanes}};
}

nlohmann::ordered_json cancellation_json(const std::vector<CancellationLatency>& latencies) {
  nlohmann::ordered_json out = summary_json(summarize(latencies));
  std::set<std::string> causes;
  for (const auto& latency : latencies) causes.insert(latency.cause);
  nlohmann::ordered_json by_cause = nlohmann::ordered_json::object();
  for (const auto& cause : causes) by_cause[cause] = summary_json(summarize(latencies, cause));
  out["by_cause"] = by_cause;
  nlohmann::ordered_json latest = nlohmann::ordered_json::array();
  for (const auto& latency : latencies) {
    nlohmann::ordered_json entry = {{"cause", latency.cause},
                                    {"mode", latency.mode},
                                    {"workers_stopped", latency.workers_stopped},
                                    {"stop_ms", latency.stop_ms}};
    entry["first_tile_ms"] = latency.first_tile_ms ? nlohmann::ordered_json(*latency.first_tile_ms) : nullptr;
    latest.push_back(std::move(entry));
  }
  out["latest"] = latest;
  return out;
}

}  // namespace threadlab::app
