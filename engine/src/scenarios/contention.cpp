// contention: the same work items at 1, 2, 4 and 8 threads, with one coarse
// Lock held around each whole item, or (the fix) the Lock taken only to add
// the item's result to the shared total.

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "runs.hpp"
#include "scenario_thread.hpp"
#include "measuring/work.hpp"
#include "threadlab/threading/event.hpp"
#include "threadlab/threading/lock.hpp"
#include "threadlab/scenarios/figures.hpp"
#include "threadlab/scenarios/figure_names.hpp"

namespace threadlab::detail {

namespace {

constexpr std::uint64_t steps_per_item = 4'000;  // a few microseconds of work

std::vector<int> thread_counts_up_to(int most) {
  std::vector<int> counts;
  for (int n = 1; n < most; n *= 2) counts.push_back(n);
  counts.push_back(most);
  return counts;
}


struct Phase {
  double items_per_second = 0;
  double lock_wait_ms = 0;
  bool completed = false;
};

Phase measure(ScenarioContext& context, Lock& total_lock, std::uint64_t& total, int thread_count,
              std::chrono::duration<double> how_long) {
  const bool fine = context.options().fix;
  total_lock.reset_stats();
  std::atomic<bool> finish{false};
  Event go;
  std::vector<ThreadTally> tallies(static_cast<std::size_t>(thread_count));
  std::vector<std::unique_ptr<ScenarioThread>> workers;
  for (int t = 0; t < thread_count; ++t) {
    ThreadTally& tally = tallies[static_cast<std::size_t>(t)];
    const std::uint64_t seed = std::uint64_t(t) + 1;
    workers.push_back(std::make_unique<ScenarioThread>(
        "contention-" + std::to_string(t + 1), [&, &tally = tally, seed](std::stop_token stop) {
          go.wait();
          std::uint64_t item = seed << 32;
          while (!finish.load(std::memory_order_relaxed) && !stop.stop_requested()) {
            ++item;
            if (fine) {
              const std::uint64_t result = busy_work(steps_per_item, item);
              Lock::Guard with(total_lock);  // a stop while waiting ends the thread here
              total += result;
            } else {
              Lock::Guard with(total_lock);
              total += busy_work(steps_per_item, item);
            }
            tally.add_work();
          }
        }));
  }
  // Each start() returns once its thread runs, as Python's does: on a busy
  // machine 64 of them take most of a second, so a stop ends the starting too.
  std::size_t started = 0;
  for (; started < workers.size() && !context.stop_requested(); ++started) workers[started]->start();
  const auto began = std::chrono::steady_clock::now();
  go.set();
  const bool completed = context.wait_for(how_long);
  std::uint64_t items = 0;
  for (const auto& tally : tallies) items += tally.work_done.load(std::memory_order_relaxed);
  const auto ended = std::chrono::steady_clock::now();
  finish.store(true, std::memory_order_relaxed);
  // Every worker asked to stop before any is joined: a waiter for the Lock
  // then gives up at once, instead of each taking the Lock in turn to see
  // `finish` (at 64 threads on a busy machine, most of a second).
  for (std::size_t i = 0; i < started; ++i) workers[i]->request_stop();
  for (std::size_t i = 0; i < started; ++i) workers[i]->join();

  Phase phase;
  phase.completed = completed;
  phase.items_per_second = static_cast<double>(items) / seconds_between(began, ended);
  phase.lock_wait_ms = to_ms(total_lock.stats().total_wait);
  return phase;
}

}  // namespace

void run_contention(ScenarioContext& context) {
  const bool fine = context.options().fix;
  const std::vector<int> counts = thread_counts_up_to(context.threads_or(8));
  const auto phase_length = context.options().duration / static_cast<double>(counts.size());
  Lock total_lock("contention.total");
  std::uint64_t total = 0;  // guarded by total_lock

  double single_thread_rate = 0;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    const int n = counts[i];
    context.set_phase(std::to_string(n) + (n == 1 ? " thread, " : " threads, ") +
                      (fine ? "Lock only around the sum" : "one Lock around all the work"));
    const Phase phase = measure(context, total_lock, total, n, phase_length);
    if (!phase.completed) return;
    if (n == 1) single_thread_rate = phase.items_per_second;
    context.set_figure(scenario_figures::throughput_per_s(n), phase.items_per_second);
    context.set_figure(scenario_figures::lock_wait_ms(n), phase.lock_wait_ms);
    if (single_thread_rate > 0) {
      context.set_figure(scenario_figures::speedup(n), phase.items_per_second / single_thread_rate);
    }
    context.set_progress(double(i + 1) / double(counts.size()));
  }
  context.set_figure(figure::cores, usable_cores());
  context.add_note(fine ? "Computing outside the Lock lets threads work in parallel: throughput grows up to the "
                          "number of cores and the Lock's wait time stays small."
                        : "With the work inside one Lock, only one thread computes at a time: more threads add "
                          "wait time, not throughput.");
}

}  // namespace threadlab::detail
