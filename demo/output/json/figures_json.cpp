#include "figures_json.hpp"

#include "threadlab/measurement/clock.hpp"

namespace threadlab {

using Json = nlohmann::ordered_json;

void to_json(Json& j, const LatencySummary& summary) {
  j = {{"count", summary.count}, {"p50_ms", summary.p50_ms}, {"p99_ms", summary.p99_ms}, {"max_ms", summary.max_ms}};
}

void to_json(Json& j, const ProcessCpuSplit& split) {
  j = {{"workers_percent", split.workers_percent},
       {"render_percent", split.render_percent},
       {"other_percent", split.other_percent}};
}

void to_json(Json& j, const MandelbrotView& view) {
  j = {{"center_x", view.center_x},
       {"center_y", view.center_y},
       {"scale", view.scale},
       {"max_iterations", view.max_iterations}};
}

void to_json(Json& j, const LockStats& lock) {
  j = {{"name", lock.name},
       {"acquisitions", lock.acquisitions},
       {"contended", lock.contended_acquisitions},
       {"contended_fraction", lock.contended_fraction()},
       {"total_wait_ms", to_ms(lock.total_wait)},
       {"max_wait_ms", to_ms(lock.max_wait)},
       {"mean_wait_us", to_us(lock.mean_wait())}};
}

void to_json(Json& j, const LockRef& lock) { j = {{"id", lock.id}, {"name", lock.name}}; }

void to_json(Json& j, const DeadlockCycle& cycle) {
  Json links = Json::array();
  for (const LockOrderStep& link : cycle.links) {
    links.push_back(
        {{"thread", link.thread_name}, {"native_id", link.native_id}, {"holds", link.held}, {"waits_for", link.wanted}});
  }
  j = {{"description", cycle.describe()}, {"links", std::move(links)}};
}

void to_json(Json& j, const LockOrderStep& step) {
  j = {{"thread", step.thread_name}, {"native_id", step.native_id}, {"held", step.held}, {"wanted", step.wanted}};
}

void to_json(Json& j, const LockOrderInversion& inversion) {
  // A long cycle keeps its first and last steps; omitted_steps counts the rest.
  j = {{"summary", inversion.summary()},
       {"steps", inversion.steps},
       {"omitted_steps", inversion.omitted_steps},
       {"scenario", inversion.scenario_table()}};
}

void to_json(Json& j, const ScenarioThreadRow& row) {
  j = {{"name", row.name},
       {"role", row.role},
       {"native_id", row.native_id},
       {"acquisitions", row.acquisitions},
       {"work_done", row.work_done},
       {"total_wait_ms", row.total_wait_ms},
       {"max_wait_ms", row.max_wait_ms}};
}

}  // namespace threadlab
