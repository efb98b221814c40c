// starvation: a greedy thread takes the Lock again the moment it releases
// it; the other threads want it too. A barging Lock goes to whoever tries
// first when it is free, and that is nearly always the greedy thread, which
// is already running while a waiter still has to wake up. The fix is a fifo
// Lock, which hands itself to the longest waiter on release.

#include <algorithm>
#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "runs.hpp"
#include "scenario_thread.hpp"
#include "work.hpp"
#include "threadlab/threading/lock.hpp"

namespace threadlab::detail {

namespace {

constexpr std::uint64_t hold_steps = 20'000;   // work while holding the Lock (tens of microseconds)
// A waiter's pause between two turns, as if it waited for input. It must
// not compete with the greedy thread for a core: a greedy thread switched
// out between its release and its next acquire would lose its edge.
constexpr auto think_time = std::chrono::milliseconds(2);

// The run's figures from each thread's final row (the greedy thread first),
// and what they show as notes.
void publish_figures(ScenarioContext& context, const std::vector<ScenarioThreadRow>& final_rows, bool fair,
                     std::chrono::nanoseconds greedy_hold) {
  const int thread_count = static_cast<int>(final_rows.size());
  std::uint64_t total = 0;
  std::uint64_t fewest = UINT64_MAX;
  int starved = 0;
  for (std::size_t t = 0; t < final_rows.size(); ++t) {
    const auto& row = final_rows[t];
    total += row.acquisitions;
    const std::string prefix = t == 0 ? "greedy" : "waiter_" + std::to_string(t);
    context.set_figure(prefix + "_acquisitions", double(row.acquisitions));
    context.set_figure(prefix + "_total_wait_ms", row.total_wait_ms);
    context.set_figure(prefix + "_max_wait_ms", row.max_wait_ms);
    if (t == 0) continue;
    fewest = std::min(fewest, row.acquisitions);
    if (row.acquisitions == 0) ++starved;
  }
  context.set_figure("waiters", double(thread_count - 1));
  context.set_figure("min_waiter_acquisitions", double(fewest));
  context.set_figure("starved_waiters", double(starved));
  const double share = total ? 100.0 * double(final_rows[0].acquisitions) / double(total) : 0.0;
  context.set_figure("greedy_share_percent", share);
  context.set_figure("fifo", fair ? 1 : 0);

  double longest_waiter_wait = 0;
  for (std::size_t t = 1; t < final_rows.size(); ++t) {
    longest_waiter_wait = std::max(longest_waiter_wait, final_rows[t].max_wait_ms);
  }
  context.set_figure("longest_waiter_wait_ms", longest_waiter_wait);
  const double hold_us = final_rows[0].acquisitions
                            ? double(greedy_hold.count()) / 1000.0 / double(final_rows[0].acquisitions)
                            : 0.0;
  context.set_figure("greedy_mean_hold_us", hold_us);
  const std::string waits = fmt::format("The longest a waiter waited: {:.1f} ms, for a Lock held about {:.0f} us "
                                        "at a time.",
                                        longest_waiter_wait, hold_us);
  if (starved > 0) {
    context.add_note(fmt::format("{} of {} waiting threads never got the Lock: the greedy thread took it back every "
                                 "time.", starved, thread_count - 1));
  } else if (fair) {
    context.add_note("With the fair Lock every waiting thread got its turns: release hands the Lock to the longest "
                     "waiter.");
  } else {
    context.add_note(fmt::format("The barging Lock mostly goes back to the thread that just released it: the "
                                 "greedy thread had {:.0f} % of all acquisitions, the waiters few, after long waits.",
                                 share));
  }
  context.add_note(waits);
}

}  // namespace

void run_starvation(ScenarioContext& context) {
  const bool fair = context.options().fix;
  const int thread_count = context.threads_or(4);  // the greedy thread and the waiters
  Lock shared("starvation.shared", fair ? LockPolicy::fifo : LockPolicy::barging);
  std::atomic<bool> finish{false};
  std::atomic<std::int64_t> greedy_hold_ns{0};  // written by the greedy thread only
  std::vector<ThreadTally> tallies(static_cast<std::size_t>(thread_count));
  std::vector<std::unique_ptr<ScenarioThread>> threads;

  // A thread's turns: acquire (timed from the attempt), work, release. A
  // turn that begins once the run is over does not count: the waiter that
  // finally gets in when the greedy thread has stopped did starve.
  auto take_turns = [&](ThreadTally& tally, bool greedy, std::uint64_t seed, std::stop_token stop) {
    std::uint64_t sink = seed;
    while (!finish.load(std::memory_order_relaxed) && !stop.stop_requested()) {
      tally.begin_wait(std::chrono::steady_clock::now());
      const bool acquired = shared.acquire();
      tally.end_wait(std::chrono::steady_clock::now());
      if (!acquired) return;
      if (finish.load(std::memory_order_relaxed)) {
        shared.release();
        return;
      }
      tally.add_acquisition();
      const auto hold_began = std::chrono::steady_clock::now();
      sink = busy_work(hold_steps, sink);
      if (greedy) {
        greedy_hold_ns.store(greedy_hold_ns.load(std::memory_order_relaxed) +
                                 (std::chrono::steady_clock::now() - hold_began).count(),
                             std::memory_order_relaxed);
      }
      shared.release();
      tally.add_work();
      if (!greedy) std::this_thread::sleep_for(think_time);
    }
  };
  for (int t = 0; t < thread_count; ++t) {
    const bool greedy = t == 0;
    ThreadTally& tally = tallies[static_cast<std::size_t>(t)];
    threads.push_back(std::make_unique<ScenarioThread>(
        greedy ? std::string("greedy") : "waiter-" + std::to_string(t),
        [&, &tally = tally, greedy, seed = std::uint64_t(t) + 1](std::stop_token stop) {
          take_turns(tally, greedy, seed, stop);
        }));
  }

  auto rows = [&] {
    std::vector<ScenarioThreadRow> out;
    const auto now = std::chrono::steady_clock::now();
    for (std::size_t t = 0; t < threads.size(); ++t) {
      out.push_back(tallies[t].row(*threads[t], t == 0 ? "greedy" : "waiter", now));
    }
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
    context.set_progress(seconds_between(began, std::chrono::steady_clock::now()) / duration);
    return true;
  });
  const auto final_rows = rows();  // before the ending waiters' last waits are closed
  finish.store(true, std::memory_order_relaxed);
  for (auto& thread : threads) thread->join();
  context.set_threads(final_rows);

  publish_figures(context, final_rows, fair, std::chrono::nanoseconds(greedy_hold_ns.load()));
}

}  // namespace threadlab::detail
