// starvation: a greedy thread takes the Lock again the moment it releases
// it; the other threads want it too. A barging Lock goes to whoever tries
// first when it is free, and that is nearly always the greedy thread, which
// is already running while a waiter still has to wake up. The fix is a fifo
// Lock, which hands itself to the longest waiter on release.
//
// The headline figure is the longest a waiter waited *for the Lock*: each
// wait less the time the waiter spent runnable but waiting for a core
// (schedstat's run-queue time), which the fair Lock cannot change and which
// a busy machine adds to every wait. A fair Lock bounds the rest by the
// holds of those ahead in its queue; a barging Lock bounds it by nothing.

#include <algorithm>
#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "measuring/run_queue_clock.hpp"
#include "runs.hpp"
#include "scenario_thread.hpp"
#include "measuring/work.hpp"
#include "threadlab/threading/lock.hpp"
#include "threadlab/scenarios/figure_names.hpp"

namespace threadlab::detail {

namespace {

constexpr std::uint64_t hold_steps = 20'000;   // work while holding the Lock (tens of microseconds)
// A waiter's pause between two turns, as if it waited for input. It must
// not compete with the greedy thread for a core: a greedy thread switched
// out between its release and its next acquire would lose its edge.
constexpr auto think_time = std::chrono::milliseconds(2);
// What a hand-off costs a fair Lock beyond the holds ahead: the wake-up
// system calls, never milliseconds.
constexpr double hand_off_allowance_ms = 1.0;

// Each thread's figures beyond its ThreadTally, written by that thread only.
struct TurnFigures {
  std::atomic<std::int64_t> lock_wait_max_ns{0};    // longest wait less its run-queue time
  std::atomic<std::int64_t> lock_wait_total_ns{0};
  std::atomic<std::int64_t> core_wait_ns{0};        // run-queue time inside the waits
  std::atomic<std::int64_t> hold_max_ns{0};
  std::atomic<std::int64_t> greedy_hold_ns{0};

  void add_wait(std::int64_t wall_ns, std::int64_t core_ns) {
    const std::int64_t lock_ns = std::max<std::int64_t>(wall_ns - core_ns, 0);
    lock_wait_total_ns.store(lock_wait_total_ns.load(std::memory_order_relaxed) + lock_ns, std::memory_order_relaxed);
    core_wait_ns.store(core_wait_ns.load(std::memory_order_relaxed) + core_ns, std::memory_order_relaxed);
    if (lock_ns > lock_wait_max_ns.load(std::memory_order_relaxed))
      lock_wait_max_ns.store(lock_ns, std::memory_order_relaxed);
  }
  void add_hold(std::int64_t ns, bool greedy) {
    if (ns > hold_max_ns.load(std::memory_order_relaxed)) hold_max_ns.store(ns, std::memory_order_relaxed);
    if (greedy) greedy_hold_ns.store(greedy_hold_ns.load(std::memory_order_relaxed) + ns, std::memory_order_relaxed);
  }
};

// The shared Lock and what every thread records about its turns.
struct StarvationRun {
  Lock shared;
  std::atomic<bool> finish{false};
  std::vector<ThreadTally> tallies;
  std::vector<TurnFigures> turns;

  StarvationRun(bool fair, int thread_count)
      : shared("starvation.shared", fair ? LockPolicy::fifo : LockPolicy::barging),
        tallies(static_cast<std::size_t>(thread_count)),
        turns(static_cast<std::size_t>(thread_count)) {}

  // A thread's turns: acquire (timed from the attempt), work, release. A
  // turn that begins once the run is over does not count: the waiter that
  // finally gets in when the greedy thread has stopped did starve. Only the
  // waiters read their run-queue time: the read would give the greedy thread
  // a gap between its release and its next acquire.
  void take_turns(std::size_t self, std::stop_token stop) {
    const bool greedy = self == 0;
    ThreadTally& tally = tallies[self];
    TurnFigures& mine = turns[self];
    const RunQueueClock run_queue;
    std::uint64_t sink = self + 1;
    while (!finish.load(std::memory_order_relaxed) && !stop.stop_requested()) {
      const auto asked = std::chrono::steady_clock::now();
      const auto queued_before = greedy ? std::nullopt : run_queue.waited();
      tally.begin_wait(asked);
      const bool acquired = shared.acquire();
      const auto wall = tally.end_wait(std::chrono::steady_clock::now());
      if (!acquired) return;
      if (finish.load(std::memory_order_relaxed)) {
        shared.release();
        return;
      }
      const auto queued_after = greedy ? std::nullopt : run_queue.waited();
      const auto on_run_queue = queued_before && queued_after ? *queued_after - *queued_before : std::chrono::nanoseconds(0);
      mine.add_wait(wall.count(), on_run_queue.count());
      tally.add_acquisition();
      const auto hold_began = std::chrono::steady_clock::now();
      sink = busy_work(hold_steps, sink);
      mine.add_hold((std::chrono::steady_clock::now() - hold_began).count(), greedy);
      shared.release();
      tally.add_work();
      if (!greedy) std::this_thread::sleep_for(think_time);
    }
  }
};

// Jain's fairness index of the shares: 1 when all are equal, 1/n when one
// has everything.
double jain_index(const std::vector<double>& shares) {
  double sum = 0, squares = 0;
  for (const double share : shares) {
    sum += share;
    squares += share * share;
  }
  return squares > 0 ? sum * sum / (double(shares.size()) * squares) : 0.0;
}

double ms_of(std::int64_t ns) { return double(ns) / 1e6; }

// Each thread's acquisitions and waits (the greedy thread first), and who
// got the Lock how often.
void publish_share_figures(ScenarioContext& context, const std::vector<ScenarioThreadRow>& rows,
                           const std::vector<TurnFigures>& turns) {
  std::uint64_t total = 0, fewest = UINT64_MAX;
  int starved = 0;
  std::vector<double> waiter_acquisitions;
  for (std::size_t t = 0; t < rows.size(); ++t) {
    const auto& row = rows[t];
    total += row.acquisitions;
    const std::string prefix = t == 0 ? "greedy" : "waiter_" + std::to_string(t);
    context.set_figure(prefix + "_acquisitions", double(row.acquisitions));
    context.set_figure(prefix + "_total_wait_ms", row.total_wait_ms);
    context.set_figure(prefix + "_max_wait_ms", row.max_wait_ms);
    if (t == 0) continue;
    context.set_figure(prefix + "_max_lock_wait_ms", ms_of(turns[t].lock_wait_max_ns.load()));
    context.set_figure(prefix + "_core_wait_ms", ms_of(turns[t].core_wait_ns.load()));
    fewest = std::min(fewest, row.acquisitions);
    if (row.acquisitions == 0) ++starved;
    waiter_acquisitions.push_back(double(row.acquisitions));
  }
  context.set_figure(figure::waiters, double(rows.size() - 1));
  context.set_figure(figure::min_waiter_acquisitions, double(fewest));
  context.set_figure(figure::starved_waiters, double(starved));
  context.set_figure(figure::greedy_share_percent, total ? 100.0 * double(rows[0].acquisitions) / double(total) : 0.0);
  context.set_figure(figure::waiter_fairness_jain, jain_index(waiter_acquisitions));
}

// The headline: the longest wait for the Lock itself, against what a fair
// Lock allows (the holds of everyone ahead in its queue).
void publish_wait_figures(ScenarioContext& context, const std::vector<ScenarioThreadRow>& rows,
                          const std::vector<TurnFigures>& turns, bool fair) {
  double longest_wall = 0, longest_lock = 0, core_wait = 0, longest_hold = 0, lock_wait = 0;
  std::uint64_t waiter_acquisitions = 0;
  for (std::size_t t = 0; t < rows.size(); ++t) {
    longest_hold = std::max(longest_hold, ms_of(turns[t].hold_max_ns.load()));
    if (t == 0) continue;
    longest_wall = std::max({longest_wall, rows[t].max_wait_ms, rows[t].current_wait_ms});
    longest_lock = std::max(longest_lock, ms_of(turns[t].lock_wait_max_ns.load()));
    // A wait still open (a waiter that never got in) counts as it stands.
    longest_lock = std::max(longest_lock, rows[t].current_wait_ms);
    core_wait += ms_of(turns[t].core_wait_ns.load());
    lock_wait += ms_of(turns[t].lock_wait_total_ns.load());
    waiter_acquisitions += rows[t].acquisitions;
  }
  const double bound = double(rows.size() - 1) * longest_hold + hand_off_allowance_ms;
  context.set_figure(figure::fifo, fair ? 1 : 0);
  context.set_figure(figure::longest_lock_wait_ms, longest_lock);
  context.set_figure(figure::mean_lock_wait_ms, waiter_acquisitions ? lock_wait / double(waiter_acquisitions) : 0.0);
  context.set_figure(figure::longest_waiter_wait_ms, longest_wall);
  context.set_figure(figure::waiters_core_wait_ms, core_wait);
  context.set_figure(figure::longest_hold_ms, longest_hold);
  context.set_figure(figure::fair_wait_bound_ms, bound);
  const double hold_us = rows[0].acquisitions
                             ? double(turns[0].greedy_hold_ns.load()) / 1000.0 / double(rows[0].acquisitions)
                             : 0.0;
  context.set_figure(figure::greedy_mean_hold_us, hold_us);
}

void publish_notes(ScenarioContext& context, bool fair) {
  const auto figure = [&](const char* name) { return context.result().figure(name).value_or(0); };
  const double share = figure(figure::greedy_share_percent);
  const int starved = static_cast<int>(figure(figure::starved_waiters));
  const int waiters = static_cast<int>(figure(figure::waiters));
  if (starved > 0) {
    context.add_note(fmt::format("{} of {} waiting threads never got the Lock: the greedy thread took it back every "
                                 "time.", starved, waiters));
  } else if (fair) {
    context.add_note("With the fair Lock every waiting thread got its turns: release hands the Lock to the longest "
                     "waiter, so no wait outlasts the holds of those ahead of it.");
  } else {
    context.add_note("The barging Lock mostly goes back to the thread that just released it: a waiter gets in "
                     "only when the greedy thread happens to be off its core.");
  }
  context.add_note(fmt::format(
      "The longest a waiter waited for the Lock itself: {:.1f} ms (a fair Lock allows {:.1f} ms: {} holds of up to "
      "{:.2f} ms ahead of it). Not counted: {:.0f} ms the waiters spent runnable, waiting for a core. The greedy "
      "thread had {:.1f} % of all acquisitions: it asks far more often, with or without the fix.",
      figure(figure::longest_lock_wait_ms), figure(figure::fair_wait_bound_ms), waiters, figure(figure::longest_hold_ms),
      figure(figure::waiters_core_wait_ms), share));
}

}  // namespace

void run_starvation(ScenarioContext& context) {
  const bool fair = context.options().fix;
  const int thread_count = context.threads_or(4);  // the greedy thread and the waiters
  StarvationRun run(fair, thread_count);
  std::vector<std::unique_ptr<ScenarioThread>> threads;
  for (int t = 0; t < thread_count; ++t) {
    threads.push_back(std::make_unique<ScenarioThread>(
        t == 0 ? std::string("greedy") : "waiter-" + std::to_string(t),
        [&run, self = std::size_t(t)](std::stop_token stop) { run.take_turns(self, stop); }));
  }
  auto rows = [&] {
    std::vector<ScenarioThreadRow> out;
    const auto now = std::chrono::steady_clock::now();
    for (std::size_t t = 0; t < threads.size(); ++t)
      out.push_back(run.tallies[t].row(*threads[t], t == 0 ? "greedy" : "waiter", now));
    return out;
  };

  context.set_phase(std::string("a greedy thread and ") + std::to_string(thread_count - 1) + " waiters share a " +
                    (fair ? "fair (fifo) Lock" : "barging Lock"));
  const auto began = std::chrono::steady_clock::now();
  // The greedy thread starts first, so that it already holds the Lock in its
  // tight loop when the waiters arrive.
  for (auto& thread : threads) thread->start();
  const double duration = context.options().duration.count();
  context.tick_for(began, context.options().duration, [&] {
    context.set_threads(rows());
    publish_wait_figures(context, rows(), run.turns, fair);
    context.set_progress(seconds_between(began, std::chrono::steady_clock::now()) / duration);
    return true;
  });
  const auto final_rows = rows();  // before the ending waiters' last waits are closed
  run.finish.store(true, std::memory_order_relaxed);
  for (auto& thread : threads) thread->join();
  context.set_threads(final_rows);

  publish_share_figures(context, final_rows, run.turns);
  publish_wait_figures(context, final_rows, run.turns, fair);
  publish_notes(context, fair);
}

}  // namespace threadlab::detail
