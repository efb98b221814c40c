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

using namespace std::chrono_literals;
using threadlab::Lock;
using threadlab::LockPolicy;
using threadlab::Thread;

namespace {
// Spins until `lock` has `count` threads blocked in acquire(): the waiter
// count rises before a thread goes to sleep, so this is a real handshake.
void wait_for_waiters(const Lock& lock, std::uint32_t count) {
  while (lock.stats().waiters < count) std::this_thread::yield();
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
  REQUIRE_THROWS_AS(lock.acquire(true, -1s), std::invalid_argument);
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
    REQUIRE(with);
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
