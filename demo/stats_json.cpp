#include "stats_json.hpp"

#include <fmt/format.h>

#include "atomic_file.hpp"
#include "cli.hpp"
#include "scenario_command.hpp"
#include "timeline_json.hpp"

namespace threadlab::app {
namespace {

double milliseconds(std::chrono::nanoseconds duration) {
  return std::chrono::duration<double, std::milli>(duration).count();
}

double microseconds(std::chrono::nanoseconds duration) {
  return std::chrono::duration<double, std::micro>(duration).count();
}

nlohmann::ordered_json lock_json(const LockStats& lock) {
  return {
      {"name", lock.name},
      {"acquisitions", lock.acquisitions},
      {"contended", lock.contended_acquisitions},
      {"contended_fraction", lock.contended_fraction()},
      {"total_wait_ms", milliseconds(lock.total_wait)},
      {"max_wait_ms", milliseconds(lock.max_wait)},
      {"mean_wait_us", microseconds(lock.mean_wait())},
  };
}

}  // namespace

nlohmann::ordered_json build_stats_json(const LabSnapshot& snapshot, const SessionFacts& facts) {
  nlohmann::ordered_json locks = nlohmann::ordered_json::array();
  for (const auto& lock : snapshot.locks) locks.push_back(lock_json(lock));

  nlohmann::ordered_json json = {
      {"version", facts.version},
      {"mode", cli_word(snapshot.settings.mode)},
      {"workload", cli_word(snapshot.settings.workload)},
      {"threads", snapshot.worker_count},
      {"priority", cli_word(snapshot.settings.priority)},
      {"duration_s", facts.duration_s},
      {"frames",
       {
           {"count", snapshot.frames.count},
           {"p50_ms", snapshot.frames.p50_ms},
           {"p99_ms", snapshot.frames.p99_ms},
           {"max_ms", snapshot.frames.max_ms},
           {"mean_ms", snapshot.frames.mean_ms},
           {"over_50ms", snapshot.frames.over_threshold},
       }},
      {"longest_freeze_ms", snapshot.longest_freeze_ms},
      {"probe",
       {
           {"count", snapshot.probe.count},
           {"p50_ms", snapshot.probe.p50_ms},
           {"p99_ms", snapshot.probe.p99_ms},
           {"max_ms", snapshot.probe.max_ms},
       }},
      {"locks", locks},
      {"cores",
       {
           {"count", snapshot.mean_core_load_percent.size()},
           {"mean_load_percent", snapshot.mean_core_load_percent},
           {"process_mean_percent", snapshot.mean_process_percent},
       }},
      // Where this process's CPU went, mean since the statistics were
      // cleared, % of one core: threading's Threads, the render thread, and
      // the threads threading did not start (the GL driver's llvmpipe-N).
      {"process_cpu_split",
       {
           {"workers_percent", snapshot.mean_cpu_split.workers_percent},
           {"render_percent", snapshot.mean_cpu_split.render_percent},
           {"other_percent", snapshot.mean_cpu_split.other_percent},
       }},
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

void write_json_atomically(const std::filesystem::path& file, const nlohmann::ordered_json& json) {
  write_file_atomically(file, json.dump(2) + "\n");
}

}  // namespace threadlab::app
