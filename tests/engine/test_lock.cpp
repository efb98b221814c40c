// threadlab::Lock follows Python's threading.Lock rules and counts what
// happens to it.
#include <catch2/catch.hpp>

#include <algorithm>
#include <mutex>
#include <numeric>
#include <stdexcept>
#include <thread>
#include <vector>

#include "threadlab/threading.hpp"
#include "../wait_until.hpp"

using namespace std::chrono_literals;
using threadlab::Lock;
using threadlab::LockPolicy;
using threadlab::Thread;

namespace {
// Generous bound on any handshake below: reached only when the Lock is broken.
constexpr auto handshake_limit = 10s;

// Spins until `lock` has `count` threads blocked in acquire(): the waiter
// count rises before a thread goes to sleep, so this is a real handshake.
void wait_for_waiters(const Lock& lock, std::uint32_t count) {
  threadlab::testing::wait_until([&] { return lock.stats().waiters >= count; },
                                 lock.name() + " to have " + std::to_string(count) + " waiters", handshake_limit);
}

// Joins, or fails the test with `what` instead of hanging it.
void join_or_fail(Thread& thread, const char* what) {
  if (!thread.join(handshake_limit)) FAIL(what);
}
}  // namespace

TEST_CASE("acquire() takes a free Lock; locked() says so; release() frees it", "[lock]") {
  Lock lock("simple");
  REQUIRE_FALSE(lock.locked());
  REQUIRE(lock.acquire());
  REQUIRE(lock.locked());
  lock.release();
  REQUIRE_FALSE(lock.locked());
}

TEST_CASE("A non-blocking acquire of a held Lock returns false at once and counts a failed try", "[lock]") {
  Lock lock;
  lock.acquire();
  REQUIRE_FALSE(lock.acquire(false));
  REQUIRE(lock.stats().failed_tries == 1);
  lock.release();
  REQUIRE(lock.acquire(false));
  lock.release();
}

TEST_CASE("A timeout with blocking=false is an error, as in Python", "[lock]") {
  Lock lock;
  REQUIRE_THROWS_WITH(lock.acquire(false, 1s), "can't specify a timeout for a non-blocking call");
  REQUIRE_THROWS_AS(lock.acquire(true, -100s), std::invalid_argument);
  REQUIRE_FALSE(lock.locked());
}

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

TEST_CASE("Releasing an unlocked Lock is an error", "[lock]") {
  Lock lock;
  REQUIRE_THROWS_WITH(lock.release(), "release unlocked lock");
  lock.acquire();
  lock.release();
  REQUIRE_THROWS_WITH(lock.release(), "release unlocked lock");
}

TEST_CASE("Any thread may release a Lock, as in Python (it is not an owned mutex)", "[lock]") {
  Lock lock;
  lock.acquire();
  Thread releaser([&] { lock.release(); });
  releaser.start();
  releaser.join();
  REQUIRE_FALSE(lock.locked());
}

TEST_CASE("Lock::Guard is Python's `with lock:`; std::lock_guard works too", "[lock]") {
  Lock lock;
  {
    Lock::Guard with(lock);
    REQUIRE(lock.locked());
  }
  REQUIRE_FALSE(lock.locked());
  {
    std::lock_guard guard(lock);
    REQUIRE(lock.locked());
  }
  REQUIRE_FALSE(lock.locked());
}

TEST_CASE("Unnamed Locks get a name; all_locks() lists live Locks only", "[lock]") {
  auto before = threadlab::all_locks().size();
  std::uint64_t gone_id = 0;
  {
    Lock temporary;
    REQUIRE(temporary.name().rfind("Lock-", 0) == 0);
    gone_id = temporary.id();
    REQUIRE(threadlab::all_locks().size() == before + 1);
  }
  const auto after = threadlab::all_locks();
  REQUIRE(after.size() == before);
  REQUIRE(std::none_of(after.begin(), after.end(), [&](const auto& s) { return s.id == gone_id; }));
}

TEST_CASE("Uncontended acquisitions are counted, with no wait recorded", "[lock]") {
  Lock lock("quiet");
  for (int i = 0; i < 10; ++i) {
    lock.acquire();
    lock.release();
  }
  const auto stats = lock.stats();
  REQUIRE(stats.acquisitions == 10);
  REQUIRE(stats.contended_acquisitions == 0);
  REQUIRE(stats.total_wait.count() == 0);
  REQUIRE(stats.contended_fraction() == 0.0);
}

TEST_CASE("One thread holds, another blocks: exactly one contended acquisition with a wait above zero",
          "[lock]") {
  Lock lock("scripted");
  lock.acquire();  // main thread: acquisition 1, uncontended
  std::int64_t holder_seen_by_main = lock.stats().holder_native_id;

  Thread blocker([&] {
    lock.acquire();  // acquisition 2, has to wait for main
    lock.release();
  }, "blocker");
  blocker.start();
  wait_for_waiters(lock, 1);
  const auto while_waiting = threadlab::all_locks();
  const auto it = std::find_if(while_waiting.begin(), while_waiting.end(),
                               [&](const auto& s) { return s.id == lock.id(); });
  REQUIRE(it != while_waiting.end());
  REQUIRE(it->waiters == 1);
  REQUIRE(it->locked);
  REQUIRE(it->holder_name == "MainThread");

  lock.release();
  blocker.join();

  const auto stats = lock.stats();
  REQUIRE(holder_seen_by_main == threadlab::get_native_id());
  REQUIRE(stats.acquisitions == 2);
  REQUIRE(stats.contended_acquisitions == 1);
  REQUIRE(stats.failed_tries == 0);
  REQUIRE(stats.total_wait.count() > 0);
  REQUIRE(stats.max_wait == stats.total_wait);
  REQUIRE(stats.mean_wait() == stats.total_wait);
  REQUIRE(std::accumulate(stats.wait_histogram.begin(), stats.wait_histogram.end(), std::uint64_t{0}) == 1);
  REQUIRE(stats.hold_samples == 1);  // the blocker's hold began with a wait, so it was timed
  REQUIRE(stats.waiters == 0);
  REQUIRE_FALSE(stats.locked);
  REQUIRE(stats.holder_native_id == 0);
  REQUIRE(stats.wait_quantile(0.99) <= stats.max_wait);
  REQUIRE(stats.wait_quantile(0.99).count() > 0);
}

TEST_CASE("Eight threads incrementing a shared counter under a Lock reach the exact total", "[lock]") {
  constexpr int threads = 8;
  constexpr int increments = 20'000;
  Lock lock("counter");
  long counter = 0;  // plain int: the Lock is what makes this safe
  std::vector<std::unique_ptr<Thread>> workers;
  for (int t = 0; t < threads; ++t) {
    workers.push_back(std::make_unique<Thread>([&] {
      for (int i = 0; i < increments; ++i) {
        Lock::Guard with(lock);
        ++counter;
      }
    }));
  }
  for (auto& w : workers) w->start();
  for (auto& w : workers) w->join();
  REQUIRE(counter == threads * increments);
  REQUIRE(lock.stats().acquisitions == threads * increments);
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

TEST_CASE("A fifo Lock serves waiters in arrival order, even against a greedy holder", "[lock]") {
  Lock lock("fair", LockPolicy::fifo);
  REQUIRE(lock.policy() == LockPolicy::fifo);
  lock.acquire();
  std::vector<std::string> order;  // written under the Lock
  threadlab::Event main_tried_again;
  auto make_waiter = [&](std::string name) {
    return std::make_unique<Thread>([&, name] {
      Lock::Guard with(lock);
      order.push_back(name);
      main_tried_again.wait();  // keep the Lock until the main thread has had its try
    }, name);
  };
  auto first = make_waiter("first");
  auto second = make_waiter("second");
  first->start();
  wait_for_waiters(lock, 1);
  second->start();
  wait_for_waiters(lock, 2);

  // The main thread releases and at once tries again: a barging Lock could
  // let it win; the fifo Lock has already handed itself to "first".
  lock.release();
  REQUIRE_FALSE(lock.acquire(false));
  main_tried_again.set();
  first->join();
  second->join();
  REQUIRE(order == std::vector<std::string>{"first", "second"});
  REQUIRE(lock.stats().contended_acquisitions == 2);
}

TEST_CASE("A fifo Lock keeps Python's rules: timeouts, non-blocking tries, release errors", "[lock]") {
  Lock lock("fair-rules", LockPolicy::fifo);
  REQUIRE(lock.acquire(false));
  bool got_it = true;
  Thread other([&] { got_it = lock.acquire(true, 10ms); });
  other.start();
  other.join();
  REQUIRE_FALSE(got_it);
  lock.release();
  REQUIRE_THROWS_WITH(lock.release(), "release unlocked lock");
  REQUIRE(lock.acquire(true, 10ms));
  lock.release();
}

TEST_CASE("reset_stats() starts the figures again", "[lock]") {
  Lock lock;
  lock.acquire();
  lock.release();
  lock.reset_stats();
  REQUIRE(lock.stats().acquisitions == 0);
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

TEST_CASE("One uncontended acquire in acquire_sample_interval is timed, and costs less than a wait", "[lock]") {
  Lock lock("sampled");
  // Acquisition k whose release finds k a multiple of the interval marks
  // the Lock, and acquisition k + 1 times itself.
  constexpr std::uint64_t acquires = 3 * threadlab::acquire_sample_interval + 1;
  for (std::uint64_t i = 0; i < acquires; ++i) {
    REQUIRE(lock.acquire());
    lock.release();
  }
  auto stats = lock.stats();
  REQUIRE(stats.acquisitions == acquires);
  REQUIRE(stats.contended_acquisitions == 0);
  REQUIRE(stats.sampled_acquires == 3);
  REQUIRE(stats.sampled_acquire_cost() == stats.sampled_acquire_total / 3);

  // One real wait on the same Lock: a thread blocks until the main thread
  // releases. Going to sleep and being woken costs far more than the
  // atomic instruction the samples timed.
  lock.acquire();
  Thread waiter([&] {
    lock.acquire();
    lock.release();
  }, "sampled-waiter");
  waiter.start();
  wait_for_waiters(lock, 1);
  lock.release();
  join_or_fail(waiter, "the waiter never got the Lock");
  stats = lock.stats();
  REQUIRE(stats.contended_acquisitions == 1);
  REQUIRE(stats.sampled_acquires == 3);  // an acquire that waited is not a sample
  INFO("sampled acquire " << stats.sampled_acquire_cost().count() << " ns, wait " << stats.total_wait.count()
                          << " ns");
  REQUIRE(stats.sampled_acquire_cost() < stats.total_wait);

  lock.reset_stats();
  REQUIRE(lock.stats().sampled_acquires == 0);
  REQUIRE(lock.stats().sampled_acquire_total.count() == 0);
}

TEST_CASE("A sampled Lock still behaves as a Lock: try, timeout and release errors", "[lock]") {
  Lock lock("sampled-rules");
  for (std::uint64_t i = 0; i < threadlab::acquire_sample_interval; ++i) {
    lock.acquire();
    lock.release();
  }
  // The word is now marked for a sample, not 0: it is still free.
  REQUIRE_FALSE(lock.locked());
  REQUIRE_THROWS_WITH(lock.release(), "release unlocked lock");
  REQUIRE(lock.acquire(false));
  REQUIRE(lock.locked());
  REQUIRE_FALSE(lock.acquire(true, 1ms));
  lock.release();
  REQUIRE(lock.stats().sampled_acquires == 1);
}

TEST_CASE("A stop request ends one sleeper's wait; the other sleepers still get the Lock", "[lock]") {
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

TEST_CASE("A fifo Lock under load gives every thread its share and the exact total", "[lock]") {
  constexpr int threads = 4;
  constexpr int increments = 5'000;
  Lock lock("fifo-counter", LockPolicy::fifo);
  long counter = 0;
  std::vector<std::unique_ptr<Thread>> workers;
  for (int t = 0; t < threads; ++t) {
    workers.push_back(std::make_unique<Thread>([&] {
      for (int i = 0; i < increments; ++i) {
        std::lock_guard guard(lock);
        ++counter;
      }
    }));
  }
  for (auto& w : workers) w->start();
  for (auto& w : workers) join_or_fail(*w, "a fifo waiter was never served");
  REQUIRE(counter == threads * increments);
  REQUIRE(lock.stats().acquisitions == threads * increments);
  REQUIRE(lock.stats().waiters == 0);
}
