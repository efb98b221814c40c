// A Lock's waits that end without the Lock: a timeout, or a stop request to
// the engine Thread that waits; the other waiters still get it.
#include <catch2/catch.hpp>

#include <mutex>
#include <vector>

#include "threadlab/threading.hpp"
#include "lock_test_support.hpp"

using namespace std::chrono_literals;
using threadlab::Lock;
using threadlab::LockPolicy;
using threadlab::Thread;
using threadlab::test::join_or_fail;
using threadlab::test::wait_for_waiters;

TEST_CASE("A timed acquire of a Lock held elsewhere gives up and returns false", "[lock]") {
  Lock lock;
  lock.acquire();
  bool got_it = true;
  Thread other([&] { got_it = lock.acquire(true, 20ms); });
  other.start();
  other.join();
  REQUIRE_FALSE(got_it);
  REQUIRE(lock.stats().failed_tries == 1);
  REQUIRE(lock.stats().waiters == 0);
  lock.release();
}

TEST_CASE("A stop request ends a blocking acquire on an engine Thread, which returns false", "[lock]") {
  Lock lock("never-free");
  lock.acquire();
  bool got_it = true;
  Thread waiter([&] { got_it = lock.acquire(); });
  waiter.start();
  wait_for_waiters(lock, 1);
  waiter.request_stop();
  REQUIRE(waiter.join());
  REQUIRE_FALSE(got_it);
  lock.release();
}

TEST_CASE("lock() (used by std::lock_guard) waits through a stop request instead of giving up", "[lock]") {
  Lock lock("guarded");
  lock.acquire();
  bool held_inside = false;
  Thread waiter([&] {
    std::lock_guard guard(lock);
    held_inside = lock.locked();
  });
  waiter.start();
  wait_for_waiters(lock, 1);
  waiter.request_stop();
  REQUIRE_FALSE(waiter.join(0s));  // still waiting: the stop did not cut the wait short
  lock.release();
  REQUIRE(waiter.join());
  REQUIRE(held_inside);
  REQUIRE_FALSE(lock.locked());
}

TEST_CASE("A stop request ends one sleeper's wait, the other sleepers still get the Lock", "[lock]") {
  const LockPolicy policy = GENERATE(LockPolicy::barging, LockPolicy::fifo);
  INFO("policy " << threadlab::to_string(policy));
  Lock lock("stop-one", policy);
  lock.acquire();
  std::atomic<int> got_it{0};
  bool stopped_got_it = true;
  Thread first([&] {
    if (lock.acquire()) {
      got_it.fetch_add(1);
      lock.release();
    }
  }, "first");
  Thread stopped([&] { stopped_got_it = lock.acquire(); }, "stopped");
  Thread last([&] {
    if (lock.acquire()) {
      got_it.fetch_add(1);
      lock.release();
    }
  }, "last");
  first.start();
  wait_for_waiters(lock, 1);
  stopped.start();
  wait_for_waiters(lock, 2);
  last.start();
  wait_for_waiters(lock, 3);

  stopped.request_stop();
  join_or_fail(stopped, "a stop request did not end the acquire");
  REQUIRE_FALSE(stopped_got_it);
  REQUIRE(lock.stats().waiters == 2);
  REQUIRE(lock.locked());

  lock.release();
  join_or_fail(first, "the first waiter never got the Lock");
  join_or_fail(last, "the last waiter never got the Lock after the middle one gave up");
  REQUIRE(got_it.load() == 2);
  const auto stats = lock.stats();
  REQUIRE(stats.failed_tries == 1);
  REQUIRE(stats.contended_acquisitions == 2);
  REQUIRE(stats.waiters == 0);
  REQUIRE_FALSE(stats.locked);
}

TEST_CASE("Waiters that time out do not strand the ones that keep waiting", "[lock]") {
  const LockPolicy policy = GENERATE(LockPolicy::barging, LockPolicy::fifo);
  INFO("policy " << threadlab::to_string(policy));
  Lock lock("timeouts", policy);
  constexpr int patient = 3, impatient = 3, rounds = 200;
  std::atomic<int> patient_acquires{0};
  std::atomic<int> impatient_acquires{0};
  std::atomic<int> impatient_timeouts{0};
  long counter = 0;  // guarded by lock
  std::vector<std::unique_ptr<Thread>> threads;
  for (int t = 0; t < patient + impatient; ++t) {
    const bool is_patient = t < patient;
    threads.push_back(std::make_unique<Thread>([&, is_patient] {
      for (int i = 0; i < rounds; ++i) {
        // The impatient ones give up after a few microseconds, many times,
        // often just as a release woke or chose them.
        const bool got_it = is_patient ? lock.acquire() : lock.acquire(true, 5us);
        if (!got_it) {
          impatient_timeouts.fetch_add(1);
          continue;
        }
        ++counter;
        (is_patient ? patient_acquires : impatient_acquires).fetch_add(1);
        lock.release();
      }
    }));
  }
  for (auto& thread : threads) thread->start();
  for (auto& thread : threads) join_or_fail(*thread, "a waiter was stranded: timeouts lost a wake-up or hand-off");
  REQUIRE(patient_acquires.load() == patient * rounds);
  REQUIRE(impatient_acquires.load() + impatient_timeouts.load() == impatient * rounds);
  REQUIRE(counter == patient_acquires.load() + impatient_acquires.load());
  const auto stats = lock.stats();
  REQUIRE(stats.acquisitions == static_cast<std::uint64_t>(counter));
  REQUIRE(stats.failed_tries == static_cast<std::uint64_t>(impatient_timeouts.load()));
  REQUIRE(stats.waiters == 0);
  REQUIRE_FALSE(stats.locked);
}
