// deadlock: two threads take Locks A and B in opposite orders. A handshake
// makes the fatal interleaving certain: each takes its first Lock and waits
// until the other is committed too before it asks for its second. The
// watchdog detects the cycle; breaking it stops the younger thread, whose
// refused acquire makes it release its Lock and end.
//
// The fix takes both Locks in one global order (by id). The same handshake
// then cannot complete the bad way: the second thread blocks on the first
// Lock, which counts as committed, and the holder carries on.

#include <algorithm>
#include <atomic>
#include <memory>
#include <string>

#include "scenario_context.hpp"
#include "threadlab/deadlock_detector.hpp"
#include "threadlab/event.hpp"
#include "threadlab/lock.hpp"
#include "threadlab/registry.hpp"

namespace threadlab::detail {

namespace {

constexpr std::uint64_t rounds_target = 2'000;
constexpr auto handshake_poll = std::chrono::duration<double>(0.001);
// Scripted runs give up waiting for a detection after this long: a hang
// guard, since the interleaving makes the deadlock certain.
constexpr auto detection_guard = std::chrono::duration<double>(10.0);
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

// Waits until the other party holds its first Lock too, or is queued on
// ours (which it wants first as well). False when this thread is stopped.
bool wait_for_other(const Party& other, const Lock& mine, const std::stop_token& stop) {
  while (!other.holds_first.wait(handshake_poll)) {
    if (stop.stop_requested()) return false;
    if (mine.stats().waiters > 0) return true;
  }
  return true;
}

void play(Party& me, const Party& other, const std::atomic<bool>& finish, const std::stop_token& stop) {
  for (std::uint64_t round = 0; round < rounds_target && !finish.load(std::memory_order_relaxed); ++round) {
    if (!me.first->acquire()) break;  // stopped: holds nothing
    me.tally.add_acquisition();
    if (round == 0) {
      me.holds_first.set();
      if (!wait_for_other(other, *me.first, stop)) {
        me.first->release();
        break;
      }
    }
    if (!me.second->acquire()) {
      // Refused because this thread was stopped (the victim): back off,
      // releasing what it holds, so the other thread can proceed.
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

}  // namespace

void run_deadlock(ScenarioContext& context) {
  const bool fix = context.options().fix;
  const std::size_t threads_before = active_count();

  Lock a("A");
  Lock b("B");
  // The fix's global order is by Lock id (A, made first, comes first).
  Lock& lower = a.id() < b.id() ? a : b;
  Lock& higher = a.id() < b.id() ? b : a;
  Party parties[2];
  parties[0].name = fix ? "takes-A-then-B-1" : "takes-A-then-B";
  parties[0].first = fix ? &lower : &a;
  parties[0].second = fix ? &higher : &b;
  parties[1].name = fix ? "takes-A-then-B-2" : "takes-B-then-A";
  parties[1].first = fix ? &lower : &b;
  parties[1].second = fix ? &higher : &a;
  std::atomic<bool> finish{false};

  DeadlockWatchdog watchdog(watchdog_settings);
  watchdog.start();
  ScenarioThread first(parties[0].name, [&](std::stop_token stop) { play(parties[0], parties[1], finish, stop); });
  ScenarioThread second(parties[1].name, [&](std::stop_token stop) { play(parties[1], parties[0], finish, stop); });
  ScenarioThread* workers[2] = {&first, &second};

  auto publish_rows = [&](const ScenarioThread* victim) {
    std::vector<ScenarioThreadRow> rows;
    const auto now = std::chrono::steady_clock::now();
    for (int i = 0; i < 2; ++i) {
      const char* role = victim == nullptr ? "worker" : (victim == workers[i] ? "victim" : "survivor");
      rows.push_back(parties[i].tally.row(*workers[i], role, now));
    }
    context.set_threads(std::move(rows));
  };

  context.set_phase(fix ? "both threads take A before B" : "thread 1 takes A then B, thread 2 takes B then A");
  const auto began = std::chrono::steady_clock::now();
  first.start();
  second.start();

  bool detected = false;
  std::vector<DeadlockCycle> cycles;
  if (!fix) {
    context.set_phase("waiting for the watchdog to detect the deadlock");
    while (!detected && !context.stop_requested()) {
      detected = watchdog.wait_for_detection(0, std::chrono::duration<double>(0.05));
      publish_rows(nullptr);
      const double waited = seconds_between(began, std::chrono::steady_clock::now());
      if (!context.live() && waited > detection_guard.count()) break;
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

  // The victim is the thread that started last, as a database aborts the
  // youngest transaction; with no detection (or a stop) it is both.
  ScenarioThread* victim = nullptr;
  if (!fix) {
    victim = &second;
    if (detected) {
      context.set_phase("breaking the deadlock: stopping " + victim->name());
      victim->request_stop();
    } else {
      first.request_stop();
      second.request_stop();
    }
  } else {
    // Both complete their rounds; a stop or the duration ends them sooner.
    const auto deadline = began + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                      context.options().duration);
    while ((first.is_alive() || second.is_alive()) && std::chrono::steady_clock::now() < deadline) {
      if (!context.wait_for(std::chrono::duration<double>(0.05))) break;
      publish_rows(nullptr);
      const double rounds = double(parties[0].tally.work_done.load() + parties[1].tally.work_done.load());
      context.set_progress(rounds / (2.0 * rounds_target));
    }
    finish.store(true, std::memory_order_relaxed);
    if (context.stop_requested()) {
      first.request_stop();
      second.request_stop();
    }
  }

  bool all_joined = true;
  for (ScenarioThread* worker : workers) {
    if (!worker->join(join_guard)) {
      all_joined = false;
      worker->request_stop();  // a last resort: the refused acquire unblocks it
      worker->join();
    }
  }
  // One more full check after the threads ended: the cycle must be gone.
  const std::uint64_t checks_after = watchdog.checks() + 2;
  watchdog.wait_for_checks(checks_after, join_guard);
  const bool still_deadlocked = !watchdog.current_deadlocks().empty();
  const std::uint64_t detections = watchdog.detections();
  watchdog.stop_and_join();
  publish_rows(victim);

  const double threads_left =
      (first.is_alive() ? 1 : 0) + (second.is_alive() ? 1 : 0) + (watchdog.is_alive() ? 1 : 0);
  const double active_count_delta = double(active_count()) - double(threads_before);
  const bool cycle_is_ours =
      !cycles.empty() && cycles.front().links.size() == 2 && cycles.front().involves_thread(first.native_id()) &&
      cycles.front().involves_thread(second.native_id()) && cycles.front().involves_lock(a.id()) &&
      cycles.front().involves_lock(b.id());
  const Party& survivor = parties[0];

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
  context.set_figure("cycle_is_a_and_b", cycle_is_ours ? 1 : 0);
  context.set_figure("rounds_thread_1", double(parties[0].tally.work_done.load()));
  context.set_figure("rounds_thread_2", double(parties[1].tally.work_done.load()));
  context.set_figure("rounds_target", double(rounds_target));
  if (!fix) {
    const bool victim_backed_off = parties[1].backed_off.load();
    const bool recovered = detected && all_joined && !still_deadlocked && victim_backed_off &&
                           survivor.tally.work_done.load() > 0;
    context.set_figure("victim_backed_off", victim_backed_off ? 1 : 0);
    context.set_figure("recovered", recovered ? 1 : 0);
  } else {
    context.set_figure("recovered", all_joined && !still_deadlocked ? 1 : 0);
  }
  context.set_figure("threads_left", threads_left);
  context.set_figure("active_count_delta", active_count_delta);

  for (const auto& cycle : cycles) context.add_note("Deadlock: " + cycle.describe() + ".");
  if (!fix && detected) {
    context.add_note(victim->name() + " was stopped; its acquire of " + parties[1].second->name() +
                     " was refused, it released " + parties[1].first->name() + " and ended, and " +
                     first.name() + " went on to complete " + std::to_string(survivor.tally.work_done.load()) +
                     " rounds.");
  } else if (!fix) {
    context.add_note("No deadlock was detected.");
  } else {
    context.add_note(detections == 0 ? "Taking the Locks in one order, the threads never deadlocked."
                                     : "A deadlock was detected despite the lock order: that is a bug.");
  }
}

}  // namespace threadlab::detail
