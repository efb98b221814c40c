#include "scenario_host.hpp"

#include <algorithm>
#include <utility>

namespace threadlab::detail {

void ScenarioHost::start(ScenarioKind kind, bool fix, std::chrono::duration<double> duration) {
  scenario_.reset();  // stops and joins the previous one
  locks_seen_.clear();
  ScenarioOptions options;
  options.fix = fix;
  options.duration = duration;
  scenario_ = std::make_unique<LiveScenario>(kind, options);
  scenario_->start();
}

void ScenarioHost::stop() {
  if (scenario_) scenario_->stop();
}

void ScenarioHost::break_deadlock() {
  if (scenario_) scenario_->break_deadlock();
}

void ScenarioHost::close() { scenario_.reset(); }

void ScenarioHost::fill_snapshot(LabSnapshot& out) const {
  if (scenario_) out.scenario = scenario_->snapshot();
}

// The main page's Locks are left out: idle while a page runs, and with
// names a scenario may reuse.
std::vector<LockStats> ScenarioHost::page_locks(std::vector<LockStats> all, const std::vector<std::uint64_t>& main_page,
                                                bool& outlived) const {
  std::erase_if(all, [&](const LockStats& lock) {
    return std::find(main_page.begin(), main_page.end(), lock.id) != main_page.end();
  });
  if (!all.empty()) {
    locks_seen_ = all;
    return all;
  }
  outlived = !locks_seen_.empty();
  return locks_seen_;
}

}  // namespace threadlab::detail
