// threadlab::Lock follows Python's threading.Lock rules and counts what
// happens to it: acquire and release, tries, errors, names, the counts of
// acquisitions that did not wait.
#include <catch2/catch.hpp>

#include <algorithm>
#include <mutex>
#include <stdexcept>
#include <vector>

#include "threadlab/threading.hpp"
#include "lock_test_support.hpp"

using namespace std::chrono_literals;
using threadlab::Lock;
using threadlab::Thread;

TEST_CASE("acquire() takes a free Lock, locked() says so, release() frees it", "[lock]") {
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

TEST_CASE("Lock::Guard is Python's `with lock:`, std::lock_guard works too", "[lock]") {
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

TEST_CASE("Unnamed Locks get a name, all_locks() lists live Locks only", "[lock]") {
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

TEST_CASE("reset_stats() starts the figures again", "[lock]") {
  Lock lock;
  lock.acquire();
  lock.release();
  lock.reset_stats();
  REQUIRE(lock.stats().acquisitions == 0);
}
