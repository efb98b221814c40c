// race: threads increment a shared counter with a separate atomic load and
// store, so increments get lost without undefined behaviour; the fix puts
// each increment under a Lock.
//
// The threads work in rounds separated by a barrier: between rounds nobody
// is half-way through an increment, so expected and actual are exact then.

#include <algorithm>
#include <atomic>
#include <barrier>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "runs.hpp"
#include "scenario_thread.hpp"
#include "measuring/work.hpp"
#include "threadlab/threading/lock.hpp"
#include "threadlab/scenarios/figure_names.hpp"

namespace threadlab::detail {

namespace {

constexpr std::uint64_t increments_per_round = 5'000;  // per thread
// How often a thread yields between its read and its write. A thread that
// is switched out there comes back with a stale value, as a real program
// does at a time-slice boundary; this only makes it happen often.
constexpr std::uint64_t yield_every = 64;

struct RoundFigures {
  std::atomic<std::uint64_t> rounds{0};
  std::atomic<std::uint64_t> expected{0};
  std::atomic<std::uint64_t> actual{0};
  // Each thread's increments at the same round boundary as expected, so the
  // threads' Work done adds up to Expected (a live count runs ahead of it).
  // Written at the round's end, read by the publisher: under its mutex.
  mutable std::mutex boundary;
  std::vector<std::uint64_t> work_at_boundary;
};

// The figures so far, and each thread's row.
void publish(ScenarioContext& context, const RoundFigures& figures, int thread_count,
             const std::vector<ThreadTally>& tallies, const std::vector<std::unique_ptr<ScenarioThread>>& workers) {
  double expected = 0, actual = 0;
  {
    const std::scoped_lock reading(figures.boundary);
    expected = static_cast<double>(figures.expected.load(std::memory_order_relaxed));
    actual = static_cast<double>(figures.actual.load(std::memory_order_relaxed));
  }
  context.set_figure(figure::threads, thread_count);
  context.set_figure(figure::rounds, static_cast<double>(figures.rounds.load(std::memory_order_acquire)));
  context.set_figure(figure::expected, expected);
  context.set_figure(figure::actual, actual);
  context.set_figure(figure::lost_updates, expected - actual);
  context.set_figure(figure::lost_update_percent, expected > 0 ? 100.0 * (expected - actual) / expected : 0.0);
  std::vector<ScenarioThreadRow> rows;
  const auto now = std::chrono::steady_clock::now();
  for (std::size_t t = 0; t < workers.size(); ++t) rows.push_back(tallies[t].row(*workers[t], "incrementer", now));
  {
    const std::scoped_lock reading(figures.boundary);
    for (std::size_t t = 0; t < rows.size() && t < figures.work_at_boundary.size(); ++t)
      rows[t].work_done = figures.work_at_boundary[t];
  }
  context.set_threads(std::move(rows));
}

// What the finished run showed, as a note (and the Lock's waits with the fix).
void conclude(ScenarioContext& context, bool fix, const RoundFigures& figures, const Lock& counter_lock) {
  const auto expected = figures.expected.load(std::memory_order_relaxed);
  const auto actual = figures.actual.load(std::memory_order_relaxed);
  if (fix) {
    context.set_figure(figure::lock_wait_ms, to_ms(counter_lock.stats().total_wait));
    context.add_note(expected == actual ? "With the Lock every increment counts: the total is exact."
                                        : "Increments were lost even with the Lock: that is a bug.");
  } else {
    context.add_note(expected > actual ? std::to_string(expected - actual) + " of " + std::to_string(expected) +
                                             " increments were lost: threads overwrote each other's writes."
                                       : "No update was lost in this run; run it again, longer, or with more threads.");
  }
}

// One run's shared state: the counter, its Lock (the fix), each thread's
// tally and the barrier that ends every round.
class RaceRun {
 public:
  RaceRun(int thread_count, bool fix)
      : tallies(static_cast<std::size_t>(thread_count)), fix_(fix), round_end_(thread_count, RoundEnd{this}) {
    figures.work_at_boundary.reserve(static_cast<std::size_t>(thread_count));  // end_of_round must not allocate
  }
  RaceRun(const RaceRun&) = delete;
  RaceRun& operator=(const RaceRun&) = delete;

  // One thread's loop: rounds of increments until the run is done or the
  // thread is stopped (it then drops out of the barrier, and the others'
  // rounds go on without it).
  void work(ThreadTally& tally, const std::stop_token& stop) {
    while (!done_.load(std::memory_order_relaxed)) {
      for (std::uint64_t i = 0; i < increments_per_round; ++i) {
        if (!increment(tally, i)) {
          round_end_.arrive_and_drop();  // stopped while it waited for the Lock
          return;
        }
        tally.add_work();
      }
      if (stop.stop_requested()) {
        round_end_.arrive_and_drop();
        return;
      }
      round_end_.arrive_and_wait();
    }
  }

  Lock counter_lock{"race.counter"};
  std::vector<ThreadTally> tallies;
  RoundFigures figures;
  std::atomic<bool> finish_requested{false};

 private:
  // Runs once per round, on one thread, while all the others wait at the
  // barrier: every increment of the round is complete.
  struct RoundEnd {
    RaceRun* run;
    void operator()() noexcept { run->end_of_round(); }
  };

  void end_of_round() noexcept {
    std::uint64_t expected = 0;
    const std::scoped_lock writing(figures.boundary);
    figures.work_at_boundary.clear();
    for (const auto& tally : tallies) {
      figures.work_at_boundary.push_back(tally.work_done.load(std::memory_order_relaxed));
      expected += figures.work_at_boundary.back();
    }
    figures.expected.store(expected, std::memory_order_relaxed);
    figures.actual.store(counter_.load(std::memory_order_relaxed), std::memory_order_relaxed);
    figures.rounds.fetch_add(1, std::memory_order_release);
    if (finish_requested.load(std::memory_order_acquire)) done_.store(true, std::memory_order_relaxed);
  }

  // One increment, under the Lock with the fix; false when the thread was
  // stopped while it waited for the Lock.
  bool increment(ThreadTally& tally, std::uint64_t i) {
    if (!fix_) {
      increment_once(i);
      return true;
    }
    try {
      Lock::Guard with(counter_lock);
      tally.add_acquisition();
      increment_once(i);
      return true;
    } catch (const ThreadStopped&) {
      return false;
    }
  }

  // A read and a separate write: another thread's write in between is lost.
  void increment_once(std::uint64_t i) {
    const std::uint64_t value = counter_.load(std::memory_order_relaxed);
    if (i % yield_every == 0) std::this_thread::yield();
    counter_.store(value + 1, std::memory_order_relaxed);
  }

  const bool fix_;
  std::atomic<std::uint64_t> counter_{0};
  std::atomic<bool> done_{false};
  std::barrier<RoundEnd> round_end_;
};

std::vector<std::unique_ptr<ScenarioThread>> make_incrementers(RaceRun& run) {
  std::vector<std::unique_ptr<ScenarioThread>> workers;
  for (std::size_t t = 0; t < run.tallies.size(); ++t) {
    workers.push_back(std::make_unique<ScenarioThread>(
        "race-" + std::to_string(t + 1),
        [&run, &tally = run.tallies[t]](std::stop_token stop) { run.work(tally, stop); }));
  }
  return workers;
}

}  // namespace

void run_race(ScenarioContext& context) {
  const bool fix = context.options().fix;
  const int thread_count = context.threads_or(std::max(4, 2 * usable_cores()));
  RaceRun run(thread_count, fix);
  const auto workers = make_incrementers(run);

  context.set_phase(fix ? std::to_string(thread_count) + " threads increment under a Lock"
                        : std::to_string(thread_count) + " threads increment with no Lock");
  const auto began = std::chrono::steady_clock::now();
  for (auto& worker : workers) worker->start();

  // The run ends at its duration, lost update seen or not: a scripted run
  // promises to end in time (scenario.hpp), and with 2 threads or more on a
  // time-sliced machine a loss comes within milliseconds anyway.
  const double duration = context.options().duration.count();
  context.tick_for(began, context.options().duration, [&] {
    publish(context, run.figures, thread_count, run.tallies, workers);
    context.set_progress(seconds_between(began, std::chrono::steady_clock::now()) / duration);
    return true;
  });
  run.finish_requested.store(true, std::memory_order_release);
  if (context.stop_requested()) {
    for (auto& worker : workers) worker->request_stop();
  }
  for (auto& worker : workers) worker->join();
  publish(context, run.figures, thread_count, run.tallies, workers);
  context.set_figure(figure::seconds, seconds_between(began, std::chrono::steady_clock::now()));
  conclude(context, fix, run.figures, run.counter_lock);
}

}  // namespace threadlab::detail
