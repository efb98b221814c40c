#include "scenario_json.hpp"

#include "figures_json.hpp"

namespace threadlab::app {

nlohmann::ordered_json build_scenario_json(const ScenarioResult& result, const ScenarioOptions& options) {
  const ScenarioInfo& info = scenario_info(result.kind);
  nlohmann::ordered_json figures = nlohmann::ordered_json::object();
  for (const auto& [name, value] : result.figures) figures[name] = value;
  // Arrays even when empty.
  nlohmann::ordered_json threads = nlohmann::ordered_json::array();
  for (const ScenarioThreadRow& row : result.threads) threads.push_back(row);
  nlohmann::ordered_json cycles = nlohmann::ordered_json::array();
  for (const DeadlockCycle& cycle : result.cycles) cycles.push_back(cycle);
  nlohmann::ordered_json inversions = nlohmann::ordered_json::array();
  for (const LockOrderInversion& inversion : result.lock_order_inversions) inversions.push_back(inversion);
  nlohmann::ordered_json json = {{"version", THREADLAB_VERSION},
                                  {"scenario", result.name},
                                  {"title", info.title},
                                  {"fix", result.fix},
                                  {"interrupted", result.interrupted},
                                  // Cut short, or taken across a pause (ScenarioResult::cut_reason):
                                  // the figures cover the run so far; cut_reason, at the end, says why.
                                  {"cut", result.cut_reason() != nullptr},
                                  {"cut_at_time_limit", result.cut_at_time_limit},
                                  {"options",
                                   {{"duration_s", options.duration.count()},
                                    {"threads", options.threads},
                                    {"threads_meaning", options.threads == 0 ? info.default_threads : "as asked"}}},
                                  {"figures", figures},
                                  {"threads", threads},
                                  {"deadlock_cycles", cycles},
                                  // Lock orders of this run that close a cycle, hung or not.
                                  {"lock_order_inversions", inversions},
                                  {"notes", result.notes}};
  if (const char* reason = result.cut_reason()) json["cut_reason"] = reason;
  return json;
}

}  // namespace threadlab::app
