#include "context.hpp"

#include <algorithm>

#include "threadlab/diagnostics/thread_timeline.hpp"

namespace threadlab::detail {

ScenarioContext::ScenarioContext(ScenarioKind kind, ScenarioOptions options, Mode mode, std::stop_token stop,
                                 std::function<void(double)> on_progress)
    : kind_(kind), options_(options), mode_(mode), stop_(std::move(stop)), on_progress_(std::move(on_progress)) {
  state_.current.kind = kind;
  state_.current.name = to_string(kind);
  state_.current.fix = options.fix;
}

bool ScenarioContext::wait_for(std::chrono::duration<double> how_long) {
  const TimelineWaitScope sleeping;  // a scenario's pause: time.sleep's place
  std::unique_lock guard(mutex_);
  wake_.wait_for(guard, stop_, how_long, [] { return false; });
  return !stop_.stop_requested();
}

bool ScenarioContext::tick_for(std::chrono::steady_clock::time_point began, std::chrono::duration<double> how_long,
                               const std::function<bool()>& on_tick) {
  const auto deadline = began + std::chrono::duration_cast<std::chrono::steady_clock::duration>(how_long);
  for (auto now = std::chrono::steady_clock::now(); now < deadline; now = std::chrono::steady_clock::now()) {
    if (!wait_for(std::min<std::chrono::duration<double>>(deadline - now, scenario_tick))) return false;
    if (!on_tick()) return true;
  }
  return true;
}

void ScenarioContext::wait_for_break() {
  const TimelineWaitScope sleeping;  // a scenario's pause: time.sleep's place
  std::unique_lock guard(mutex_);
  wake_.wait(guard, stop_, [this] { return break_requested_; });
}

void ScenarioContext::request_break() {
  {
    std::lock_guard guard(mutex_);
    break_requested_ = true;
  }
  wake_.notify_all();
}

void ScenarioContext::set_phase(std::string phase) {
  std::lock_guard guard(mutex_);
  state_.phase = std::move(phase);
}

void ScenarioContext::set_progress(double fraction) {
  fraction = std::clamp(fraction, 0.0, 1.0);
  {
    std::lock_guard guard(mutex_);
    state_.progress = fraction;
  }
  if (on_progress_) on_progress_(fraction);
}

void ScenarioContext::set_figure(const std::string& name, double value) {
  std::lock_guard guard(mutex_);
  auto& figures = state_.current.figures;
  const auto existing = std::find_if(figures.begin(), figures.end(), [&](const auto& f) { return f.first == name; });
  if (existing != figures.end()) existing->second = value;
  else figures.emplace_back(name, value);
}

void ScenarioContext::set_threads(std::vector<ScenarioThreadRow> rows) {
  std::lock_guard guard(mutex_);
  state_.current.threads = std::move(rows);
}

void ScenarioContext::set_cycles(std::vector<DeadlockCycle> cycles) {
  std::lock_guard guard(mutex_);
  state_.current.cycles = std::move(cycles);
}

void ScenarioContext::add_note(std::string note) {
  std::lock_guard guard(mutex_);
  state_.current.notes.push_back(std::move(note));
}

void ScenarioContext::set_awaiting_break(bool awaiting) {
  std::lock_guard guard(mutex_);
  state_.awaiting_break = awaiting;
}

void ScenarioContext::mark_started() {
  std::lock_guard guard(mutex_);
  started_at_ = std::chrono::steady_clock::now();
  state_.started = true;
  state_.running = true;
}

void ScenarioContext::mark_ended(bool finished) {
  std::lock_guard guard(mutex_);
  state_.running = false;
  state_.finished = finished;
  state_.awaiting_break = false;
  state_.elapsed_seconds = seconds_between(started_at_, std::chrono::steady_clock::now());
  if (finished) state_.progress = 1.0;
  state_.phase = finished ? "finished" : "stopped";
}

void ScenarioContext::mark_failed(std::string error) {
  std::lock_guard guard(mutex_);
  state_.running = false;
  state_.finished = false;
  state_.awaiting_break = false;
  state_.error = std::move(error);
  state_.phase = "failed";
}

ScenarioResult ScenarioContext::result() const {
  std::lock_guard guard(mutex_);
  return state_.current;
}

ScenarioSnapshot ScenarioContext::snapshot() const {
  std::lock_guard guard(mutex_);
  ScenarioSnapshot out = state_;
  if (out.running) out.elapsed_seconds = seconds_between(started_at_, std::chrono::steady_clock::now());
  return out;
}

}  // namespace threadlab::detail
