// The deadlock detector finds cycles in the wait-for graph of the
// instrumented Locks; the watchdog confirms them on a live process.
#include <catch2/catch.hpp>

#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

#include "threadlab/diagnostics/deadlock_detector.hpp"
#include "threadlab/threading.hpp"
#include "../wait_until.hpp"

using namespace std::chrono_literals;
using threadlab::DeadlockCycle;
using threadlab::LockOrderStep;
using threadlab::DeadlockWatchdog;
using threadlab::find_deadlocks;
using threadlab::Lock;
using threadlab::LockStats;
using threadlab::Thread;
using threadlab::ThreadInfo;
using threadlab::ThreadState;

namespace {

ThreadInfo running(std::string name, std::int64_t native_id) {
  ThreadInfo info;
  info.name = std::move(name);
  info.native_id = native_id;
  info.alive = true;
  info.state = ThreadState::running;
  return info;
}

ThreadInfo waiting(std::string name, std::int64_t native_id, std::uint64_t lock_id) {
  ThreadInfo info = running(std::move(name), native_id);
  info.state = ThreadState::waiting_for_lock;
  info.waiting_for_lock_id = lock_id;
  return info;
}

LockStats held(std::uint64_t id, std::string name, std::int64_t holder, std::uint32_t waiters = 1) {
  LockStats stats;
  stats.id = id;
  stats.name = std::move(name);
  stats.locked = true;
  stats.holder_native_id = holder;
  stats.waiters = waiters;
  return stats;
}

LockStats free_lock(std::uint64_t id, std::string name) {
  LockStats stats;
  stats.id = id;
  stats.name = std::move(name);
  return stats;
}

// Waits until `lock` has a thread blocked in acquire().
void wait_for_waiter(const Lock& lock) {
  threadlab::testing::wait_until([&] { return lock.stats().waiters > 0; }, "a thread to block on " + lock.name());
}

}  // namespace

TEST_CASE("With no thread waiting for a Lock there is no deadlock", "[deadlock]") {
  const std::vector<ThreadInfo> threads{running("MainThread", 100), running("worker", 101)};
  const std::vector<LockStats> locks{held(1, "A", 101), free_lock(2, "B")};
  REQUIRE(find_deadlocks(threads, locks).empty());
  REQUIRE(find_deadlocks({}, {}).empty());
}

TEST_CASE("Two threads each waiting for the Lock the other holds form one cycle, first-started thread first",
          "[deadlock]") {
  const std::vector<ThreadInfo> threads{running("MainThread", 100), waiting("T1", 101, 2), waiting("T2", 102, 1)};
  const std::vector<LockStats> locks{held(1, "A", 101), held(2, "B", 102)};
  const auto cycles = find_deadlocks(threads, locks);
  REQUIRE(cycles.size() == 1);
  const std::vector<LockOrderStep> expected{{"T1", 101, {1, "A"}, {2, "B"}}, {"T2", 102, {2, "B"}, {1, "A"}}};
  REQUIRE(cycles[0].links == expected);
  REQUIRE(cycles[0].involves_thread(101));
  REQUIRE(cycles[0].involves_thread(102));
  REQUIRE_FALSE(cycles[0].involves_thread(100));
  REQUIRE(cycles[0].involves_lock(1));
  REQUIRE(cycles[0].involves_lock(2));
  REQUIRE(cycles[0].describe() == "T1 holds A and waits for B; T2 holds B and waits for A");
}

TEST_CASE("The cycle starts from the first thread in enumerate() order, whichever thread the walk begins at",
          "[deadlock]") {
  // T2 is listed first here, so it leads.
  const std::vector<ThreadInfo> threads{waiting("T2", 102, 1), waiting("T1", 101, 2)};
  const std::vector<LockStats> locks{held(1, "A", 101), held(2, "B", 102)};
  const auto cycles = find_deadlocks(threads, locks);
  REQUIRE(cycles.size() == 1);
  REQUIRE(cycles[0].links.front().thread_name == "T2");
  REQUIRE(cycles[0].links.front().wanted.name == "A");
  REQUIRE(cycles[0].links.front().held.name == "B");
}

TEST_CASE("Waiting for a Lock whose holder is running is a wait, not a deadlock", "[deadlock]") {
  const std::vector<ThreadInfo> threads{waiting("T1", 101, 1), waiting("T2", 102, 2), running("T3", 103)};
  const std::vector<LockStats> locks{held(1, "A", 102), held(2, "B", 103)};  // a chain T1 -> T2 -> T3
  REQUIRE(find_deadlocks(threads, locks).empty());
}

TEST_CASE("A thread waiting for a Lock it holds itself is a cycle of one (Python's Lock is not reentrant)",
          "[deadlock]") {
  const std::vector<ThreadInfo> threads{waiting("T1", 101, 1)};
  const std::vector<LockStats> locks{held(1, "A", 101)};
  const auto cycles = find_deadlocks(threads, locks);
  REQUIRE(cycles.size() == 1);
  REQUIRE(cycles[0].links == std::vector<LockOrderStep>{{"T1", 101, {1, "A"}, {1, "A"}}});
}

TEST_CASE("A thread still marked waiting for a Lock it holds, with no waiter counted, has just got it: no deadlock",
          "[deadlock]") {
  // The registry clears "waiting" a moment after the acquire succeeds; a snapshot can fall in between.
  const std::vector<ThreadInfo> threads{waiting("T1", 101, 1)};
  REQUIRE(find_deadlocks(threads, {held(1, "A", 101, 0)}).empty());
  REQUIRE(find_deadlocks(threads, {held(1, "A", 101, 1)}).size() == 1);
}

TEST_CASE("A thread queued behind a deadlocked one is not part of the cycle", "[deadlock]") {
  // T3 waits for A, held by T1, which is in the T1 <-> T2 cycle.
  const std::vector<ThreadInfo> threads{waiting("T3", 103, 1), waiting("T1", 101, 2), waiting("T2", 102, 1)};
  const std::vector<LockStats> locks{held(1, "A", 101), held(2, "B", 102)};
  const auto cycles = find_deadlocks(threads, locks);
  REQUIRE(cycles.size() == 1);
  REQUIRE(cycles[0].links.size() == 2);
  REQUIRE_FALSE(cycles[0].involves_thread(103));
}

TEST_CASE("Separate cycles are all found: one of three threads and one of two", "[deadlock]") {
  const std::vector<ThreadInfo> threads{waiting("P1", 1, 11), waiting("P2", 2, 12), waiting("P3", 3, 10),
                                        waiting("Q1", 4, 21), waiting("Q2", 5, 20)};
  const std::vector<LockStats> locks{held(10, "L0", 1), held(11, "L1", 2), held(12, "L2", 3),
                                     held(20, "M0", 4), held(21, "M1", 5)};
  const auto cycles = find_deadlocks(threads, locks);
  REQUIRE(cycles.size() == 2);
  REQUIRE(cycles[0].describe() ==
          "P1 holds L0 and waits for L1; P2 holds L1 and waits for L2; P3 holds L2 and waits for L0");
  REQUIRE(cycles[1].describe() == "Q1 holds M0 and waits for M1; Q2 holds M1 and waits for M0");
}

TEST_CASE("Stale snapshots make no edge: a free Lock, a holder that has ended, an unknown Lock", "[deadlock]") {
  ThreadInfo ended = running("T2", 102);
  ended.alive = false;
  ended.state = ThreadState::finished;
  const std::vector<ThreadInfo> threads{waiting("T1", 101, 2), ended, waiting("T3", 103, 1), waiting("T4", 104, 99)};
  // B is free by now; A's holder T2 has ended; Lock 99 is gone.
  const std::vector<LockStats> locks{held(1, "A", 102), free_lock(2, "B")};
  REQUIRE(find_deadlocks(threads, locks).empty());
}

TEST_CASE("The watchdog detects two real threads deadlocked on A and B, and sees it gone once one backs off",
          "[deadlock]") {
  Lock a("A");
  Lock b("B");
  threadlab::Event first_holds_a, second_holds_b;
  bool second_got_a = true;
  Thread first([&] {
    Lock::Guard hold_a(a);
    first_holds_a.set();
    second_holds_b.wait();
    Lock::Guard hold_b(b);  // blocks until the second thread backs off
  }, "first");
  Thread second([&] {
    Lock::Guard hold_b(b);
    second_holds_b.set();
    first_holds_a.wait();
    second_got_a = a.acquire();  // refused once this thread is asked to stop
    if (second_got_a) a.release();
  }, "second");

  DeadlockWatchdog watchdog({std::chrono::duration<double>(0.01), 2});
  watchdog.start();
  first.start();
  second.start();
  REQUIRE(watchdog.wait_for_detection(0, 60s));  // a hang guard: the deadlock is certain

  const auto cycles = watchdog.current_deadlocks();
  REQUIRE(cycles.size() == 1);
  const std::vector<LockOrderStep> expected{{"first", first.native_id(), {a.id(), "A"}, {b.id(), "B"}},
                                           {"second", second.native_id(), {b.id(), "B"}, {a.id(), "A"}}};
  REQUIRE(cycles[0].links == expected);
  REQUIRE(watchdog.detections() == 1);
  REQUIRE(watchdog.last_detected() == cycles[0]);

  second.request_stop();
  REQUIRE(second.join(60s));
  REQUIRE(first.join(60s));
  REQUIRE_FALSE(second_got_a);
  REQUIRE(watchdog.wait_for_checks(watchdog.checks() + 2, 60s));
  REQUIRE(watchdog.current_deadlocks().empty());
  REQUIRE(watchdog.last_detected() == cycles[0]);  // kept for the UI after recovery
  REQUIRE(watchdog.detections() == 1);
}

TEST_CASE("The watchdog reports no deadlock while threads contend for Locks taken in one order", "[deadlock]") {
  Lock a("A");
  Lock b("B");
  std::atomic<bool> finish{false};
  auto ordered = [&] {
    while (!finish.load()) {
      Lock::Guard hold_a(a);
      Lock::Guard hold_b(b);
    }
  };
  Thread one(ordered, "ordered-1");
  Thread two(ordered, "ordered-2");
  DeadlockWatchdog watchdog({std::chrono::duration<double>(0.005), 2});
  watchdog.start();
  one.start();
  two.start();
  wait_for_waiter(a);  // they do contend
  REQUIRE(watchdog.wait_for_checks(watchdog.checks() + 20, 60s));
  finish.store(true);
  one.join();
  two.join();
  REQUIRE(watchdog.detections() == 0);
  REQUIRE_FALSE(watchdog.last_detected().has_value());
}

TEST_CASE("Waiting for a detection on an engine Thread that is asked to stop returns false", "[deadlock]") {
  DeadlockWatchdog watchdog;
  watchdog.start();
  bool detected = true;
  Thread waiter([&] { detected = watchdog.wait_for_detection(); }, "waiter");
  waiter.start();
  waiter.request_stop();
  REQUIRE(waiter.join(60s));
  REQUIRE_FALSE(detected);
}

TEST_CASE("The watchdog refuses a non-positive interval or no confirmation", "[deadlock]") {
  REQUIRE_THROWS_AS(DeadlockWatchdog({std::chrono::duration<double>(0), 2}), std::invalid_argument);
  REQUIRE_THROWS_AS(DeadlockWatchdog({std::chrono::duration<double>(0.1), 0}), std::invalid_argument);
}
