// deadlock: threads take Locks in orders that close a cycle. With 2 threads
// (the default) that is the textbook case: one takes A then B, the other B
// then A. With --threads N it is a ring: thread i takes Lock i, then Lock
// i+1, and the last takes Lock N, then Lock 1 (the dining philosophers), a
// cycle of length N in the wait-for graph.
//
// A handshake makes the fatal interleaving certain: each takes its first
// Lock and waits until the next thread of the ring holds its own first
// Lock before it asks for its second. The watchdog detects the cycle;
// breaking it stops the youngest thread, whose refused acquire makes it
// release its Lock and end: the thread before it in the ring proceeds, and
// the ring unwinds.
//
// The fix takes the Locks in one global order (by id): the thread holding
// the highest Lock never waits for a lower one, so no cycle can form. The
// same handshake then cannot complete the bad way: a thread that blocks on
// its first Lock counts as committed, and the holder carries on.

#include <algorithm>
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "runs.hpp"
#include "scenario_thread.hpp"
#include "threadlab/diagnostics/deadlock_detector.hpp"
#include "threadlab/threading/event.hpp"
#include "threadlab/threading/lock.hpp"
#include "threadlab/threading/registry.hpp"
#include "threadlab/scenarios/figures.hpp"
#include "threadlab/scenarios/figure_names.hpp"

namespace threadlab::detail {

namespace {

constexpr std::uint64_t rounds_target = 2'000;
constexpr auto handshake_poll = std::chrono::duration<double>(0.001);
// With the fix, a handshake is a demonstration, not a requirement: past
// this a thread goes on, so no interleaving can keep it waiting.
constexpr auto fix_handshake_limit = std::chrono::duration<double>(0.2);
constexpr auto join_guard = std::chrono::duration<double>(10.0);
const DeadlockWatchdogSettings watchdog_settings{std::chrono::duration<double>(0.05), 2};

struct Party {
  std::string name;
  Lock* first = nullptr;
  Lock* second = nullptr;
  Event holds_first;  // handshake: set once this party holds its first Lock
  ThreadTally tally;  // work_done: rounds completed; acquisitions: Locks taken
  std::atomic<bool> backed_off{false};
};

// Waits until the next party of the ring holds its first Lock, so asking
// for the second one blocks. With the fix, also ends when another thread
// is queued on ours (it wants it first as well: it is committed) or after
// fix_handshake_limit. False when this thread is stopped.
bool wait_for_next(const Party& next, const Lock& mine, bool fix, const std::stop_token& stop) {
  const auto began = std::chrono::steady_clock::now();
  while (!next.holds_first.wait(handshake_poll)) {
    if (stop.stop_requested()) return false;
    if (!fix) continue;
    if (mine.stats().waiters > 0) return true;
    if (std::chrono::steady_clock::now() - began > fix_handshake_limit) return true;
  }
  return true;
}

void play(Party& me, const Party& next, bool fix, const std::atomic<bool>& finish, const std::stop_token& stop) {
  for (std::uint64_t round = 0; round < rounds_target && !finish.load(std::memory_order_relaxed); ++round) {
    if (!me.first->acquire()) break;  // stopped: holds nothing
    me.tally.add_acquisition();
    if (round == 0) {
      me.holds_first.set();
      if (!wait_for_next(next, *me.first, fix, stop)) {
        me.first->release();
        break;
      }
    }
    if (!me.second->acquire()) {
      // Refused because this thread was stopped (the victim): back off,
      // releasing what it holds, so the thread before it can proceed.
      me.backed_off.store(true, std::memory_order_relaxed);
      me.first->release();
      break;
    }
    me.tally.add_acquisition();
    me.second->release();
    me.first->release();
    me.tally.add_work();
  }
}

// A, B, ... Z; past 26 Locks, L1, L2, ...
std::string lock_name(int index, int count) {
  if (count <= 26) return std::string(1, static_cast<char>('A' + index));
  return "L" + std::to_string(index + 1);
}

// One run: the ring of Locks and parties, their threads and the watchdog,
// taken through the steps of run_deadlock below.
class DeadlockRun {
 public:
  explicit DeadlockRun(ScenarioContext& context)
      : context_(context), fix_(context.options().fix), count_(context.threads_or(2)),  // validate() refuses 1
        threads_before_(active_count()), watchdog_(watchdog_settings) {
    build_ring();
  }

  // Starts the watchdog and the threads.
  void start();
  // Without the fix: waits for the watchdog to see the cycle (and, live,
  // for "break deadlock"). Returns whether it was detected.
  bool detect();
  // Without the fix: stops the youngest (or, undetected, every) thread.
  // With it: lets the threads do their rounds until the duration is over.
  void break_or_finish(bool detected);
  // Joins every thread; false when one had to be forced.
  bool join_all();
  // One more full check after the threads ended; true when a cycle remains.
  bool still_deadlocked();
  void publish_figures(bool detected, bool all_joined, bool still_deadlocked);
  void add_notes(bool detected);

 private:
  void build_ring();
  void publish_rows(const ScenarioThread* victim);
  void stop_all();
  bool cycle_is_the_ring() const;
  std::uint64_t fewest_survivor_rounds() const;

  ScenarioContext& context_;
  const bool fix_;
  const int count_;
  const std::size_t threads_before_;
  std::vector<std::unique_ptr<Lock>> locks_;
  std::vector<std::unique_ptr<Party>> parties_;
  std::atomic<bool> finish_{false};
  DeadlockWatchdog watchdog_;
  std::vector<std::unique_ptr<ScenarioThread>> workers_;
  std::chrono::steady_clock::time_point began_{};
  std::vector<DeadlockCycle> cycles_;
  // The victim is the thread that started last, as a database aborts the
  // youngest transaction.
  ScenarioThread* victim_ = nullptr;
  std::uint64_t detections_ = 0;
};

void DeadlockRun::build_ring() {
  for (int i = 0; i < count_; ++i) locks_.push_back(std::make_unique<Lock>(lock_name(i, count_)));
  for (int i = 0; i < count_; ++i) {
    Lock* mine = locks_[static_cast<std::size_t>(i)].get();
    Lock* next = locks_[static_cast<std::size_t>((i + 1) % count_)].get();
    // The fix's global order is by Lock id (A, made first, comes first).
    if (fix_ && next->id() < mine->id()) std::swap(mine, next);
    auto party = std::make_unique<Party>();
    party->first = mine;
    party->second = next;
    party->name = "takes-" + mine->name() + "-then-" + next->name();
    // With the fix, 2 threads both take A then B: a number tells them apart.
    if (fix_ && count_ == 2) party->name += "-" + std::to_string(i + 1);
    parties_.push_back(std::move(party));
  }
  for (int i = 0; i < count_; ++i) {
    Party& me = *parties_[static_cast<std::size_t>(i)];
    const Party& next = *parties_[static_cast<std::size_t>((i + 1) % count_)];
    workers_.push_back(std::make_unique<ScenarioThread>(
        me.name, [&me, &next, fix = fix_, &finish = finish_](std::stop_token stop) { play(me, next, fix, finish, stop); }));
  }
}

void DeadlockRun::publish_rows(const ScenarioThread* victim) {
  std::vector<ScenarioThreadRow> rows;
  const auto now = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < workers_.size(); ++i) {
    const char* role = victim == nullptr ? "worker" : (victim == workers_[i].get() ? "victim" : "survivor");
    rows.push_back(parties_[i]->tally.row(*workers_[i], role, now));
  }
  context_.set_threads(std::move(rows));
}

void DeadlockRun::stop_all() {
  for (auto& worker : workers_) worker->request_stop();
}

void DeadlockRun::start() {
  watchdog_.start();
  if (count_ == 2) {
    context_.set_phase(fix_ ? "both threads take A before B" : "thread 1 takes A then B, thread 2 takes B then A");
  } else {
    context_.set_phase(fix_ ? std::to_string(count_) + " threads take their two Locks in one global order"
                            : "a ring of " + std::to_string(count_) + " threads: each takes its Lock, then the next one's");
  }
  began_ = std::chrono::steady_clock::now();
  for (auto& worker : workers_) worker->start();
}

bool DeadlockRun::detect() {
  context_.set_phase("waiting for the watchdog to detect the deadlock");
  const double duration = context_.options().duration.count();
  bool detected = false;
  while (!detected && !context_.stop_requested()) {
    detected = watchdog_.wait_for_detection(0, scenario_tick);
    publish_rows(nullptr);
    // Scripted: a detection takes about 0.1 s; by the end of the duration
    // it is reported as missing rather than waited for.
    if (!context_.live() && seconds_between(began_, std::chrono::steady_clock::now()) > duration) break;
  }
  if (!detected) return false;
  cycles_ = watchdog_.current_deadlocks();
  if (cycles_.empty()) {
    if (auto last = watchdog_.last_detected()) cycles_.push_back(*last);
  }
  context_.set_cycles(cycles_);
  context_.set_figure(figure::detection_ms, 1000.0 * seconds_between(began_, std::chrono::steady_clock::now()));
  context_.set_progress(0.5);
  if (context_.live()) {
    context_.set_phase("deadlocked: waiting for \"break deadlock\"");
    context_.set_awaiting_break(true);
    context_.wait_for_break();
    context_.set_awaiting_break(false);
  }
  return true;
}

void DeadlockRun::break_or_finish(bool detected) {
  if (!fix_) {
    victim_ = workers_.back().get();
    if (detected && !context_.stop_requested()) {
      context_.set_phase("breaking the deadlock: stopping " + victim_->name());
      victim_->request_stop();
    } else {
      stop_all();  // no detection, or a stop: every thread backs off
    }
    return;
  }
  // All complete their rounds; a stop or the duration ends them sooner.
  context_.tick_for(began_, context_.options().duration, [&] {
    publish_rows(nullptr);
    double rounds = 0;
    for (const auto& party : parties_) rounds += double(party->tally.work_done.load());
    context_.set_progress(rounds / (double(count_) * rounds_target));
    return std::any_of(workers_.begin(), workers_.end(), [](const auto& w) { return w->is_alive(); });
  });
  finish_.store(true, std::memory_order_relaxed);
  if (context_.stop_requested()) stop_all();
}

bool DeadlockRun::join_all() {
  bool all_joined = true;
  const auto joining_since = std::chrono::steady_clock::now();
  for (auto& worker : workers_) {
    // A stop that comes while the survivors do their rounds ends them too.
    while (!worker->join(scenario_tick)) {
      if (context_.stop_requested()) stop_all();
      if (seconds_between(joining_since, std::chrono::steady_clock::now()) > join_guard.count()) {
        all_joined = false;
        worker->request_stop();  // a last resort: the refused acquire unblocks it
        worker->join();
        break;
      }
    }
  }
  return all_joined;
}

bool DeadlockRun::still_deadlocked() {
  const std::uint64_t checks_after = watchdog_.checks() + 2;
  watchdog_.wait_for_checks(checks_after, join_guard);
  const bool deadlocked = !watchdog_.current_deadlocks().empty();
  detections_ = watchdog_.detections();
  watchdog_.stop_and_join();
  publish_rows(victim_);
  return deadlocked;
}

bool DeadlockRun::cycle_is_the_ring() const {
  bool ring = !cycles_.empty() && cycles_.front().links.size() == std::size_t(count_);
  for (int i = 0; ring && i < count_; ++i) {
    ring = cycles_.front().involves_thread(workers_[std::size_t(i)]->native_id()) &&
           cycles_.front().involves_lock(locks_[std::size_t(i)]->id());
  }
  return ring;
}

std::uint64_t DeadlockRun::fewest_survivor_rounds() const {
  std::uint64_t fewest = rounds_target;
  for (int i = 0; i + 1 < count_; ++i) {
    fewest = std::min<std::uint64_t>(fewest, parties_[std::size_t(i)]->tally.work_done.load());
  }
  return fewest;
}

void DeadlockRun::publish_figures(bool detected, bool all_joined, bool still_deadlocked) {
  const Party& victim_party = *parties_.back();
  double threads_left = watchdog_.is_alive() ? 1 : 0;
  for (const auto& worker : workers_) threads_left += worker->is_alive() ? 1 : 0;
  const double active_count_delta = double(active_count()) - double(threads_before_);
  const bool ring = cycle_is_the_ring();
  context_.set_figure(figure::threads, count_);
  context_.set_figure(figure::locks, count_);
  context_.set_figure(figure::detected, detected ? 1 : 0);
  context_.set_figure(figure::detections, static_cast<double>(detections_));
  context_.set_figure(figure::cycle_threads, cycles_.empty() ? 0 : double(cycles_.front().links.size()));
  std::vector<std::uint64_t> cycle_lock_ids;
  if (!cycles_.empty()) {
    for (const auto& link : cycles_.front().links) cycle_lock_ids.push_back(link.held.id);
    std::sort(cycle_lock_ids.begin(), cycle_lock_ids.end());
    cycle_lock_ids.erase(std::unique(cycle_lock_ids.begin(), cycle_lock_ids.end()), cycle_lock_ids.end());
  }
  context_.set_figure(figure::cycle_locks, double(cycle_lock_ids.size()));
  context_.set_figure(figure::cycle_is_the_ring, ring ? 1 : 0);
  if (count_ == 2) context_.set_figure(figure::cycle_is_a_and_b, ring ? 1 : 0);
  for (int i = 0; i < count_; ++i) {
    context_.set_figure(scenario_figures::rounds_of_thread(i + 1), double(parties_[std::size_t(i)]->tally.work_done.load()));
  }
  context_.set_figure(figure::rounds_target, double(rounds_target));
  if (!fix_) {
    const bool victim_backed_off = victim_party.backed_off.load();
    const bool recovered = detected && all_joined && !still_deadlocked && victim_backed_off && fewest_survivor_rounds() > 0;
    context_.set_figure(figure::victim_backed_off, victim_backed_off ? 1 : 0);
    context_.set_figure(figure::recovered, recovered ? 1 : 0);
  } else {
    context_.set_figure(figure::recovered, all_joined && !still_deadlocked ? 1 : 0);
  }
  context_.set_figure(figure::threads_left, threads_left);
  context_.set_figure(figure::active_count_delta, active_count_delta);
}

void DeadlockRun::add_notes(bool detected) {
  const Party& victim_party = *parties_.back();
  for (const auto& cycle : cycles_) context_.add_note("Deadlock: " + cycle.describe() + ".");
  if (!fix_ && detected && victim_party.backed_off.load()) {
    const std::string what = victim_->name() + " was stopped; its acquire of " + victim_party.second->name() +
                             " was refused, it released " + victim_party.first->name() + " and ended, and ";
    context_.add_note(count_ == 2 ? what + workers_.front()->name() + " went on to complete " +
                                      std::to_string(parties_.front()->tally.work_done.load()) + " rounds."
                                : what + "the ring unwound: the other " + std::to_string(count_ - 1) +
                                      " threads each completed at least " + std::to_string(fewest_survivor_rounds()) +
                                      " rounds.");
  } else if (!fix_ && detected) {
    context_.add_note("The run was stopped before the deadlock was broken.");
  } else if (!fix_) {
    context_.add_note("No deadlock was detected.");
  } else {
    context_.add_note(detections_ == 0 ? "Taking the Locks in one order, the threads never deadlocked."
                                     : "A deadlock was detected despite the lock order: that is a bug.");
  }
}

}  // namespace

void run_deadlock(ScenarioContext& context) {
  DeadlockRun run(context);
  run.start();
  const bool detected = !context.options().fix && run.detect();
  run.break_or_finish(detected);
  const bool all_joined = run.join_all();
  const bool still_deadlocked = run.still_deadlocked();
  run.publish_figures(detected, all_joined, still_deadlocked);
  run.add_notes(detected);
}

}  // namespace threadlab::detail
