#include "scenario_context.hpp"

#include <sched.h>

#include <algorithm>

#include "threadlab/thread_timeline.hpp"

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

void ThreadTally::begin_wait(std::chrono::steady_clock::time_point now) {
  waiting_since_ns.store(std::chrono::duration_cast<std::chrono::nanoseconds>(now.time_since_epoch()).count(),
                         std::memory_order_relaxed);
}

std::chrono::nanoseconds ThreadTally::end_wait(std::chrono::steady_clock::time_point now) {
  const std::int64_t began = waiting_since_ns.load(std::memory_order_relaxed);
  waiting_since_ns.store(0, std::memory_order_relaxed);
  const std::int64_t waited =
      std::chrono::duration_cast<std::chrono::nanoseconds>(now.time_since_epoch()).count() - began;
  total_wait_ns.store(total_wait_ns.load(std::memory_order_relaxed) + waited, std::memory_order_relaxed);
  if (waited > max_wait_ns.load(std::memory_order_relaxed)) max_wait_ns.store(waited, std::memory_order_relaxed);
  return std::chrono::nanoseconds(waited);
}

ScenarioThreadRow ThreadTally::row(const Thread& thread, std::string role,
                                   std::chrono::steady_clock::time_point now) const {
  ScenarioThreadRow out;
  out.name = thread.name();
  out.role = std::move(role);
  out.native_id = thread.native_id();
  out.alive = thread.is_alive();
  out.acquisitions = acquisitions.load(std::memory_order_relaxed);
  out.work_done = work_done.load(std::memory_order_relaxed);
  out.total_wait_ms = to_ms(std::chrono::nanoseconds(total_wait_ns.load(std::memory_order_relaxed)));
  out.max_wait_ms = to_ms(std::chrono::nanoseconds(max_wait_ns.load(std::memory_order_relaxed)));
  if (const std::int64_t since = waiting_since_ns.load(std::memory_order_relaxed); since != 0) {
    const auto waiting = std::chrono::nanoseconds(
        std::chrono::duration_cast<std::chrono::nanoseconds>(now.time_since_epoch()).count() - since);
    out.current_wait_ms = to_ms(waiting);
    // A starving thread's wait counts while it lasts.
    out.max_wait_ms = std::max(out.max_wait_ms, out.current_wait_ms);
  }
  return out;
}

std::uint64_t busy_work(std::uint64_t steps, std::uint64_t seed) {
  std::uint64_t x = seed | 1;  // xorshift64 must not start at 0
  for (std::uint64_t i = 0; i < steps; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
  }
  return x;
}

int usable_cores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (::sched_getaffinity(0, sizeof set, &set) == 0) return std::max(1, CPU_COUNT(&set));
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

double to_ms(std::chrono::nanoseconds duration) {
  return std::chrono::duration<double, std::milli>(duration).count();
}

double seconds_between(std::chrono::steady_clock::time_point from, std::chrono::steady_clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

}  // namespace threadlab::detail
