#include "threadlab/scenarios/scenario.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <stop_token>
#include <thread>

#include "runs.hpp"
#include "scenario_thread.hpp"

namespace threadlab {

namespace {

constexpr int max_scenario_threads = 64;
constexpr double max_scenario_seconds = 3600;

constexpr std::array<ScenarioInfo, 6> scenario_infos{{
    {ScenarioKind::race, "race", "Race condition: lost updates",
     "Several threads each add 1 to a shared counter, many times. An increment is a read and then a separate "
     "write (v = counter; counter = v + 1), as `counter += 1` is in Python. When two threads read the same value, "
     "both write v + 1 and one increment is lost: the final count falls short of the expected one, by a "
     "different amount on every run.",
     "Each increment, read and write together, happens while holding a Lock, so no other thread can read in "
     "between: the count is exact, at the price of every thread waiting its turn.",
     "at least 4 threads (2 per core)"},
    {ScenarioKind::contention, "contention", "Lock contention: one big Lock serializes the work",
     "Threads process work items and add each result to a shared total. With one coarse Lock held for the whole "
     "item, only one thread computes at a time: adding threads adds waiting (watch the Lock's wait time grow) "
     "instead of throughput.",
     "Fine-grained locking: compute the item without the Lock and take it only to add the result to the total. "
     "The threads compute in parallel and throughput grows with the cores.",
     "1, 2, 4 and 8 threads"},
    {ScenarioKind::deadlock, "deadlock", "Deadlock: two Locks taken in opposite orders",
     "One thread takes Lock A and then Lock B; the other takes B and then A. Once each holds its first Lock, each "
     "waits forever for the other's. A watchdog thread checks the wait-for graph (which thread waits for a Lock "
     "held by which) and reports the cycle. Breaking it stops one thread, the victim: its refused acquire makes "
     "it release what it holds and end, and the other thread proceeds.",
     "Every thread takes the Locks in one global order (by Lock id: A before B), so a cycle of waits cannot form.",
     "2 threads and Locks A and B (--threads N: a ring of N threads and N Locks)"},
    {ScenarioKind::starvation, "starvation", "Starvation: a greedy thread keeps the Lock",
     "A greedy thread releases the Lock and takes it again at once, while other threads wait for it. With an "
     "ordinary (barging) Lock the releasing thread, still running, wins against the waiters, which first have to "
     "wake up: they wait and wait, and some may never get the Lock at all.",
     "A fair Lock (FIFO, ticket-style): release hands the Lock to the longest waiter, so the greedy thread queues "
     "behind the others and every thread gets its turns.",
     "1 greedy thread and 3 waiters"},
    {ScenarioKind::one_core, "one_core", "One core: threads without parallelism",
     "The process is pinned to a single core (sched_setaffinity). The same prime-counting job runs with 1 worker "
     "and with 2: the workers take turns on the one core, so 2 are no faster than 1, and they pay for switching "
     "between them. The UI stays responsive all the same: the scheduler still gives it time slices.",
     "Not pinned: the workers run on separate cores and 2 workers finish in about half the time (given 2 cores).",
     "1 worker against 2"},
    {ScenarioKind::gil, "gil", "The GIL: threads that take turns",
     "A global interpreter lock, as in CPython: a worker computes only while it holds the GIL, and when another "
     "thread has waited a switch interval (5 ms, sys.setswitchinterval) it hands the GIL over. The workers take "
     "turns, so 2 do no more work per second than 1, while native threads (no GIL) scale with the cores. The UI "
     "thread never needs the GIL, so it stays responsive.",
     "No GIL: the workers run natively and in parallel (as with multiprocessing, a C extension that releases the "
     "GIL, or free-threaded Python).",
     "1 worker against 2"},
}};

// The time limit of a scripted run: once `limit` has passed, it requests
// `stop`. A plain std::jthread, not a Thread: it is no part of what the
// scenario shows (enumerate(), active_count()).
class TimeLimit {
 public:
  TimeLimit(std::chrono::duration<double> limit, std::stop_source stop)
      : thread_([this, limit, stop](std::stop_token own) mutable {
          std::mutex mutex;
          std::condition_variable_any never;
          std::unique_lock guard(mutex);
          // Returns early only when the run ends first (the jthread is stopped).
          never.wait_for(guard, own, limit, [] { return false; });
          if (own.stop_requested()) return;
          reached_.store(true);
          stop.request_stop();
        }) {}

  // Ends the wait (joined); whether the limit was reached first.
  bool end() {
    thread_.request_stop();
    thread_.join();
    return reached_.load();
  }

 private:
  std::atomic<bool> reached_{false};
  std::jthread thread_;  // last: started once reached_ exists
};

// The result of a scripted run, with how it ended.
ScenarioResult scripted_result(const detail::ScenarioContext& context, std::uint64_t inversions_before,
                               bool interrupted, bool cut, bool resumed) {
  ScenarioResult result = context.result();
  result.lock_order_inversions = lock_order_inversions_since(inversions_before);
  result.interrupted = interrupted;
  result.cut_at_time_limit = cut && !interrupted;
  result.resumed_while_running = resumed;
  if (result.cut_at_time_limit) {
    result.notes.push_back("Cut at the time limit (duration + " + std::to_string(scenario_time_margin.count()) +
                           " s): the figures cover the run so far.");
  }
  return result;
}

// The caller has marked the context started.
void execute(detail::ScenarioContext& context) {
  switch (context.kind()) {
    case ScenarioKind::race: detail::run_race(context); break;
    case ScenarioKind::contention: detail::run_contention(context); break;
    case ScenarioKind::deadlock: detail::run_deadlock(context); break;
    case ScenarioKind::starvation: detail::run_starvation(context); break;
    case ScenarioKind::one_core: detail::run_one_core(context); break;
    case ScenarioKind::gil: detail::run_gil(context); break;
  }
  context.mark_ended(!context.stop_requested());
}

}  // namespace

const ScenarioInfo& scenario_info(ScenarioKind kind) {
  for (const auto& info : scenario_infos) {
    if (info.kind == kind) return info;
  }
  throw std::invalid_argument("unknown scenario kind");
}

const char* to_string(ScenarioKind kind) { return scenario_info(kind).name; }

std::optional<ScenarioKind> scenario_from_name(std::string_view name) {
  for (const auto& info : scenario_infos) {
    if (name == info.name) return info.kind;
  }
  if (name == "one-core") return ScenarioKind::one_core;
  return std::nullopt;
}

std::string scenario_names() {
  std::string out;
  for (const auto& info : scenario_infos) {
    if (!out.empty()) out += ", ";
    out += info.name;
  }
  return out;
}

std::optional<double> ScenarioResult::figure(std::string_view figure_name) const {
  const auto found =
      std::find_if(figures.begin(), figures.end(), [&](const auto& figure) { return figure.first == figure_name; });
  if (found == figures.end()) return std::nullopt;
  return found->second;
}

const char* ScenarioResult::cut_reason() const {
  if (resumed_while_running && cut_at_time_limit) return "stopped and resumed, then cut at its time limit";
  if (cut_at_time_limit) return "cut at its time limit";
  if (resumed_while_running) return "stopped and resumed while it ran";
  return nullptr;
}

void validate(ScenarioKind kind, const ScenarioOptions& options) {
  const double seconds = options.duration.count();
  if (!std::isfinite(seconds) || seconds <= 0) throw std::invalid_argument("scenario duration must be positive");
  if (seconds > max_scenario_seconds) throw std::invalid_argument("scenario duration must be at most 3600 s");
  if (options.threads < 0 || options.threads > max_scenario_threads) {
    throw std::invalid_argument("scenario threads must be between 0 (the default) and " +
                                std::to_string(max_scenario_threads));
  }
  // One thread cannot lose an update to another, deadlock with itself,
  // starve others or be compared with more of itself.
  const bool needs_two = kind == ScenarioKind::race || kind == ScenarioKind::deadlock ||
                         kind == ScenarioKind::starvation || kind == ScenarioKind::one_core ||
                         kind == ScenarioKind::gil;
  if (needs_two && options.threads == 1) {
    throw std::invalid_argument(std::string("scenario ") + to_string(kind) + " needs at least 2 threads");
  }
}

ScenarioResult run_scenario(ScenarioKind kind, const ScenarioOptions& options,
                            std::function<void(double progress)> on_progress) {
  return run_scenario(kind, options, std::move(on_progress), std::stop_token{});
}

ScenarioResult run_scenario(ScenarioKind kind, const ScenarioOptions& options,
                            std::function<void(double progress)> on_progress, std::stop_token stop,
                            std::function<unsigned()> times_resumed) {
  validate(kind, options);
  const unsigned resumes_before = times_resumed ? times_resumed() : 0;
  // The scenario sees one stop token, requested either by the caller or by
  // the time limit; which one it was is told apart afterwards.
  std::stop_source scenario_stop;
  std::stop_callback forward(stop, [&scenario_stop] { scenario_stop.request_stop(); });
  TimeLimit time_limit(options.duration + scenario_time_margin, scenario_stop);
  detail::ScenarioContext context(kind, options, detail::ScenarioContext::Mode::scripted, scenario_stop.get_token(),
                                  std::move(on_progress));
  const std::uint64_t inversions_before = lock_order_inversion_count();
  context.mark_started();
  execute(context);
  const bool cut = time_limit.end();
  const bool resumed = times_resumed && times_resumed() != resumes_before;
  return scripted_result(context, inversions_before, stop.stop_requested(), cut, resumed);
}

struct LiveScenario::Impl {
  std::unique_ptr<detail::ScenarioContext> context;
  std::unique_ptr<detail::ScenarioThread> runner;
};

LiveScenario::LiveScenario(ScenarioKind kind, ScenarioOptions options)
    : kind_(kind), options_(options), impl_(std::make_unique<Impl>()) {
  validate(kind, options);
}

LiveScenario::~LiveScenario() { stop(); }

void LiveScenario::start() {
  if (impl_->runner) throw std::runtime_error("scenario already started");
  Impl& impl = *impl_;
  impl.runner = std::make_unique<detail::ScenarioThread>(
      std::string("scenario.") + to_string(kind_), [&impl](std::stop_token) {
        try {
          execute(*impl.context);
        } catch (const std::exception& error) {
          impl.context->mark_failed(error.what());
        }
      });
  impl.context = std::make_unique<detail::ScenarioContext>(kind_, options_, detail::ScenarioContext::Mode::live,
                                                           impl.runner->stop_token(), nullptr);
  impl.context->mark_started();  // running() is true from here on, not only once the runner is scheduled
  impl.runner->start();
}

void LiveScenario::stop() {
  if (!impl_ || !impl_->runner) return;
  impl_->runner->stop_and_join();
}

void LiveScenario::break_deadlock() {
  if (kind_ == ScenarioKind::deadlock && impl_->context) impl_->context->request_break();
}

bool LiveScenario::wait(std::optional<std::chrono::duration<double>> timeout) {
  if (!impl_->runner) return true;
  return impl_->runner->join(timeout);
}

bool LiveScenario::running() const { return impl_->context && impl_->context->snapshot().running; }

ScenarioSnapshot LiveScenario::snapshot() const {
  if (impl_->context) return impl_->context->snapshot();
  ScenarioSnapshot out;
  out.current.kind = kind_;
  out.current.name = to_string(kind_);
  out.current.fix = options_.fix;
  return out;
}

}  // namespace threadlab
