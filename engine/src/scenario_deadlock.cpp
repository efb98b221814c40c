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

#include "scenario_context.hpp"
#include "threadlab/deadlock_detector.hpp"
#include "threadlab/event.hpp"
#include "threadlab/lock.hpp"
#include "threadlab/registry.hpp"

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

}  // namespace

void run_deadlock(ScenarioContext& context) {
  const bool fix = context.options().fix;
  const int count = context.threads_or(2);  // validate() refuses 1
  const std::size_t threads_before = active_count();

  std::vector<std::unique_ptr<Lock>> locks;
  for (int i = 0; i < count; ++i) locks.push_back(std::make_unique<Lock>(lock_name(i, count)));
  std::vector<std::unique_ptr<Party>> parties;
  for (int i = 0; i < count; ++i) {
    Lock* mine = locks[static_cast<std::size_t>(i)].get();
    Lock* next = locks[static_cast<std::size_t>((i + 1) % count)].get();
    // The fix's global order is by Lock id (A, made first, comes first).
    if (fix && next->id() < mine->id()) std::swap(mine, next);
    auto party = std::make_unique<Party>();
    party->first = mine;
    party->second = next;
    party->name = "takes-" + mine->name() + "-then-" + next->name();
    // With the fix, 2 threads both take A then B: a number tells them apart.
    if (fix && count == 2) party->name += "-" + std::to_string(i + 1);
    parties.push_back(std::move(party));
  }
  std::atomic<bool> finish{false};

  DeadlockWatchdog watchdog(watchdog_settings);
  watchdog.start();
  std::vector<std::unique_ptr<ScenarioThread>> workers;
  for (int i = 0; i < count; ++i) {
    Party& me = *parties[static_cast<std::size_t>(i)];
    const Party& next = *parties[static_cast<std::size_t>((i + 1) % count)];
    workers.push_back(std::make_unique<ScenarioThread>(
        me.name, [&me, &next, fix, &finish](std::stop_token stop) { play(me, next, fix, finish, stop); }));
  }
  // The victim is the thread that started last, as a database aborts the
  // youngest transaction.
  ScenarioThread& youngest = *workers.back();
  const Party& victim_party = *parties.back();

  auto publish_rows = [&](const ScenarioThread* victim) {
    std::vector<ScenarioThreadRow> rows;
    const auto now = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < workers.size(); ++i) {
      const char* role = victim == nullptr ? "worker" : (victim == workers[i].get() ? "victim" : "survivor");
      rows.push_back(parties[i]->tally.row(*workers[i], role, now));
    }
    context.set_threads(std::move(rows));
  };
  auto stop_all = [&] {
    for (auto& worker : workers) worker->request_stop();
  };

  if (count == 2) {
    context.set_phase(fix ? "both threads take A before B" : "thread 1 takes A then B, thread 2 takes B then A");
  } else {
    context.set_phase(fix ? std::to_string(count) + " threads take their two Locks in one global order"
                          : "a ring of " + std::to_string(count) + " threads: each takes its Lock, then the next one's");
  }
  const auto began = std::chrono::steady_clock::now();
  for (auto& worker : workers) worker->start();

  bool detected = false;
  std::vector<DeadlockCycle> cycles;
  if (!fix) {
    context.set_phase("waiting for the watchdog to detect the deadlock");
    const double duration = context.options().duration.count();
    while (!detected && !context.stop_requested()) {
      detected = watchdog.wait_for_detection(0, std::chrono::duration<double>(0.05));
      publish_rows(nullptr);
      // Scripted: a detection takes about 0.1 s; by the end of the duration
      // it is reported as missing rather than waited for.
      if (!context.live() && seconds_between(began, std::chrono::steady_clock::now()) > duration) break;
    }
    if (detected) {
      cycles = watchdog.current_deadlocks();
      if (cycles.empty()) {
        if (auto last = watchdog.last_detected()) cycles.push_back(*last);
      }
      context.set_cycles(cycles);
      context.set_figure("detection_ms", 1000.0 * seconds_between(began, std::chrono::steady_clock::now()));
      context.set_progress(0.5);
      if (context.live()) {
        context.set_phase("deadlocked: waiting for \"break deadlock\"");
        context.set_awaiting_break(true);
        context.wait_for_break();
        context.set_awaiting_break(false);
      }
    }
  }

  ScenarioThread* victim = nullptr;
  if (!fix) {
    victim = &youngest;
    if (detected && !context.stop_requested()) {
      context.set_phase("breaking the deadlock: stopping " + victim->name());
      victim->request_stop();
    } else {
      stop_all();  // no detection, or a stop: every thread backs off
    }
  } else {
    // All complete their rounds; a stop or the duration ends them sooner.
    const auto deadline = began + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                      context.options().duration);
    auto any_alive = [&] {
      return std::any_of(workers.begin(), workers.end(), [](const auto& w) { return w->is_alive(); });
    };
    while (any_alive() && std::chrono::steady_clock::now() < deadline) {
      if (!context.wait_for(std::chrono::duration<double>(0.05))) break;
      publish_rows(nullptr);
      double rounds = 0;
      for (const auto& party : parties) rounds += double(party->tally.work_done.load());
      context.set_progress(rounds / (double(count) * rounds_target));
    }
    finish.store(true, std::memory_order_relaxed);
    if (context.stop_requested()) stop_all();
  }

  bool all_joined = true;
  const auto joining_since = std::chrono::steady_clock::now();
  for (auto& worker : workers) {
    // A stop that comes while the survivors do their rounds ends them too.
    while (!worker->join(std::chrono::duration<double>(0.05))) {
      if (context.stop_requested()) stop_all();
      if (seconds_between(joining_since, std::chrono::steady_clock::now()) > join_guard.count()) {
        all_joined = false;
        worker->request_stop();  // a last resort: the refused acquire unblocks it
        worker->join();
        break;
      }
    }
  }
  // One more full check after the threads ended: the cycle must be gone.
  const std::uint64_t checks_after = watchdog.checks() + 2;
  watchdog.wait_for_checks(checks_after, join_guard);
  const bool still_deadlocked = !watchdog.current_deadlocks().empty();
  const std::uint64_t detections = watchdog.detections();
  watchdog.stop_and_join();
  publish_rows(victim);

  double threads_left = watchdog.is_alive() ? 1 : 0;
  for (const auto& worker : workers) threads_left += worker->is_alive() ? 1 : 0;
  const double active_count_delta = double(active_count()) - double(threads_before);
  bool cycle_is_the_ring = !cycles.empty() && cycles.front().links.size() == std::size_t(count);
  for (int i = 0; cycle_is_the_ring && i < count; ++i) {
    cycle_is_the_ring = cycles.front().involves_thread(workers[std::size_t(i)]->native_id()) &&
                        cycles.front().involves_lock(locks[std::size_t(i)]->id());
  }

  context.set_figure("threads", count);
  context.set_figure("locks", count);
  context.set_figure("detected", detected ? 1 : 0);
  context.set_figure("detections", static_cast<double>(detections));
  context.set_figure("cycle_threads", cycles.empty() ? 0 : double(cycles.front().links.size()));
  std::vector<std::uint64_t> cycle_lock_ids;
  if (!cycles.empty()) {
    for (const auto& link : cycles.front().links) cycle_lock_ids.push_back(link.holds.id);
    std::sort(cycle_lock_ids.begin(), cycle_lock_ids.end());
    cycle_lock_ids.erase(std::unique(cycle_lock_ids.begin(), cycle_lock_ids.end()), cycle_lock_ids.end());
  }
  context.set_figure("cycle_locks", double(cycle_lock_ids.size()));
  context.set_figure("cycle_is_the_ring", cycle_is_the_ring ? 1 : 0);
  if (count == 2) context.set_figure("cycle_is_a_and_b", cycle_is_the_ring ? 1 : 0);
  for (int i = 0; i < count; ++i) {
    context.set_figure("rounds_thread_" + std::to_string(i + 1), double(parties[std::size_t(i)]->tally.work_done.load()));
  }
  context.set_figure("rounds_target", double(rounds_target));
  std::uint64_t fewest_survivor_rounds = rounds_target;
  for (int i = 0; i + 1 < count; ++i) {
    fewest_survivor_rounds = std::min<std::uint64_t>(fewest_survivor_rounds, parties[std::size_t(i)]->tally.work_done.load());
  }
  if (!fix) {
    const bool victim_backed_off = victim_party.backed_off.load();
    const bool recovered = detected && all_joined && !still_deadlocked && victim_backed_off && fewest_survivor_rounds > 0;
    context.set_figure("victim_backed_off", victim_backed_off ? 1 : 0);
    context.set_figure("recovered", recovered ? 1 : 0);
  } else {
    context.set_figure("recovered", all_joined && !still_deadlocked ? 1 : 0);
  }
  context.set_figure("threads_left", threads_left);
  context.set_figure("active_count_delta", active_count_delta);

  for (const auto& cycle : cycles) context.add_note("Deadlock: " + cycle.describe() + ".");
  if (!fix && detected && victim_party.backed_off.load()) {
    const std::string what = victim->name() + " was stopped; its acquire of " + victim_party.second->name() +
                             " was refused, it released " + victim_party.first->name() + " and ended, and ";
    context.add_note(count == 2 ? what + workers.front()->name() + " went on to complete " +
                                      std::to_string(parties.front()->tally.work_done.load()) + " rounds."
                                : what + "the ring unwound: the other " + std::to_string(count - 1) +
                                      " threads each completed at least " + std::to_string(fewest_survivor_rounds) +
                                      " rounds.");
  } else if (!fix && detected) {
    context.add_note("The run was stopped before the deadlock was broken.");
  } else if (!fix) {
    context.add_note("No deadlock was detected.");
  } else {
    context.add_note(detections == 0 ? "Taking the Locks in one order, the threads never deadlocked."
                                     : "A deadlock was detected despite the lock order: that is a bug.");
  }
}

}  // namespace threadlab::detail
