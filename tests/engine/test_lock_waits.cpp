// A barging Lock's waits: a blocked acquire counts as contended with its
// wait, and the sampled cost of the acquires that did not wait.
#include <catch2/catch.hpp>

#include <algorithm>
#include <numeric>
#include <stdexcept>

#include "threadlab/threading.hpp"
#include "lock_test_support.hpp"

using namespace std::chrono_literals;
using threadlab::Lock;
using threadlab::Thread;
using threadlab::test::join_or_fail;
using threadlab::test::wait_for_waiters;

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
