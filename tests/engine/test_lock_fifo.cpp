// A fifo Lock serves its waiters in arrival order and keeps Python's rules.
#include <catch2/catch.hpp>

#include <mutex>
#include <stdexcept>
#include <vector>

#include "threadlab/threading.hpp"
#include "lock_test_support.hpp"

using namespace std::chrono_literals;
using threadlab::Lock;
using threadlab::LockPolicy;
using threadlab::Thread;
using threadlab::test::join_or_fail;
using threadlab::test::wait_for_waiters;

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
