// Timeouts follow Python's threading (timeout.hpp), after CPython's
// Lib/test/lock_tests.py: the same invalid values refused with the same
// kinds of error, and a timed wait that gives up at its own timeout.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <fstream>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "threadlab/threading.hpp"
#include "../wait_until.hpp"

using namespace std::chrono_literals;
using threadlab::Event;
using threadlab::Lock;
using threadlab::Thread;
using Seconds = std::chrono::duration<double>;

namespace {
constexpr auto handshake_limit = 30s;
const Seconds nan_s{std::numeric_limits<double>::quiet_NaN()};
const Seconds infinite_s{std::numeric_limits<double>::infinity()};
constexpr Seconds huge_s{1e300};
constexpr Seconds past_max_s{threadlab::TIMEOUT_MAX + 1};

double seconds_since(std::chrono::steady_clock::time_point began) {
  return Seconds(std::chrono::steady_clock::now() - began).count();
}

// The kernel's state letter for a thread of this process ('S': asleep).
char kernel_state(std::int64_t tid) {
  std::ifstream stat("/proc/self/task/" + std::to_string(tid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  const auto close = text.rfind(')');
  return close == std::string::npos || close + 2 >= text.size() ? '?' : text[close + 2];
}
}  // namespace

TEST_CASE("Lock.acquire refuses the timeouts Python refuses, with Python's kinds of error", "[timeout][lock]") {
  Lock lock("timeouts");
  CHECK_THROWS_WITH(lock.acquire(false, 1s), "can't specify a timeout for a non-blocking call");
  CHECK_THROWS_AS(lock.acquire(true, -100s), std::invalid_argument);
  CHECK_THROWS_AS(lock.acquire(true, nan_s), std::invalid_argument);
  CHECK_THROWS_AS(lock.acquire(true, huge_s), std::overflow_error);
  CHECK_THROWS_AS(lock.acquire(true, past_max_s), std::overflow_error);
  CHECK_THROWS_AS(lock.acquire(true, infinite_s), std::overflow_error);
  REQUIRE_FALSE(lock.locked());
  // TIMEOUT_MAX itself is fine, and -1 is Python's "forever".
  REQUIRE(lock.acquire(true, Seconds{threadlab::TIMEOUT_MAX}));
  lock.release();
  REQUIRE(lock.acquire(true, -1s));
  lock.release();
  REQUIRE(lock.acquire(false, -1s));
  CHECK_FALSE(lock.acquire(false, -1s));
  lock.release();
}

TEST_CASE("A timed acquire of a held Lock gives up after its timeout, not before", "[timeout][lock]") {
  Lock lock("held");
  REQUIRE(lock.acquire(true, 5s));  // free: no wait for the timeout
  std::atomic<bool> result{true};
  std::atomic<double> waited{0};
  Thread other([&] {
    const auto began = std::chrono::steady_clock::now();
    result = lock.acquire(true, 200ms);
    waited = seconds_since(began);
  });
  other.start();
  REQUIRE(other.join(handshake_limit));
  CHECK_FALSE(result);
  CHECK(waited >= 0.2);
  lock.release();
}

TEST_CASE("A Lock held elsewhere and a NaN timeout: an error at once, not a wait without end", "[timeout][lock]") {
  Lock lock("held-nan");
  REQUIRE(lock.acquire());
  std::atomic<int> refused{0};
  Thread other([&] {
    try {
      lock.acquire(true, nan_s);
    } catch (const std::invalid_argument&) {
      ++refused;
    }
  });
  other.start();
  REQUIRE(other.join(handshake_limit));
  CHECK(refused == 1);
  lock.release();
}

TEST_CASE("Event.wait: NaN and huge timeouts are errors, a negative one is no wait", "[timeout][event]") {
  Event event;
  CHECK_THROWS_AS(event.wait(nan_s), std::invalid_argument);
  CHECK_THROWS_AS(event.wait(huge_s), std::overflow_error);
  CHECK_THROWS_AS(event.wait(past_max_s), std::overflow_error);
  CHECK_FALSE(event.wait(-1s));
  CHECK_FALSE(event.wait(0s));
  event.set();
  CHECK(event.wait(-1s));
  CHECK(event.wait(Seconds{threadlab::TIMEOUT_MAX}));
}

TEST_CASE("Event.wait(timeout) in five threads: False after the timeout, then True once set", "[timeout][event]") {
  Event event;
  constexpr int thread_count = 5;
  struct Result {
    std::atomic<bool> at_once{true}, timed{true};
    std::atomic<double> waited{0};
  };
  const auto run_bunch = [&](std::vector<Result>& results) {
    std::vector<std::unique_ptr<Thread>> threads;
    for (auto& result : results) {
      threads.push_back(std::make_unique<Thread>([&event, &result] {
        result.at_once = event.wait(0s);
        const auto began = std::chrono::steady_clock::now();
        result.timed = event.wait(200ms);
        result.waited = seconds_since(began);
      }));
    }
    for (auto& thread : threads) thread->start();
    for (auto& thread : threads) REQUIRE(thread->join(handshake_limit));
  };
  std::vector<Result> unset(thread_count);
  run_bunch(unset);
  for (const auto& result : unset) {
    CHECK_FALSE(result.at_once);
    CHECK_FALSE(result.timed);
    CHECK(result.waited >= 0.2);
  }
  event.set();
  std::vector<Result> set(thread_count);
  run_bunch(set);
  for (const auto& result : set) {
    CHECK(result.at_once);
    CHECK(result.timed);
  }
}

TEST_CASE("Thread.join: NaN and huge timeouts are errors, a negative one is no wait", "[timeout][thread]") {
  Event go;
  Thread waiter([&] { go.wait(); }, "waiter");
  waiter.start();
  CHECK_THROWS_AS(waiter.join(nan_s), std::invalid_argument);
  CHECK_THROWS_AS(waiter.join(huge_s), std::overflow_error);
  CHECK_THROWS_AS(waiter.join(infinite_s), std::overflow_error);
  CHECK_FALSE(waiter.join(-1s));
  go.set();
  REQUIRE(waiter.join(Seconds{threadlab::TIMEOUT_MAX}));
  CHECK(waiter.join(-1s));  // ended: true at once
}

TEST_CASE("join(timeout) returns at its timeout while another thread is in join()", "[timeout][thread]") {
  Event go;
  Thread target([&] { go.wait(); }, "target");
  target.start();
  std::atomic<bool> about_to_join{false};
  Thread forever_joiner([&] {
    about_to_join = true;
    target.join();
  }, "joins-forever");
  forever_joiner.start();
  threadlab::testing::wait_until([&] { return about_to_join && kernel_state(forever_joiner.native_id()) == 'S'; },
                                 "the first joiner asleep in join()", handshake_limit);
  std::atomic<int> timed_result{-1};
  std::atomic<double> waited{0};
  Thread timed_joiner([&] {
    const auto began = std::chrono::steady_clock::now();
    timed_result = target.join(200ms) ? 1 : 0;
    waited = seconds_since(began);
  }, "joins-for-0.2s");
  timed_joiner.start();
  // The target ends only after this: a join(0.2) that waited behind the
  // other joiner would still be waiting.
  const bool timed_join_returned = timed_joiner.join(handshake_limit);
  go.set();
  REQUIRE(forever_joiner.join(handshake_limit));
  REQUIRE(timed_joiner.join(handshake_limit));
  CHECK(timed_join_returned);
  CHECK(timed_result == 0);
  CHECK(waited >= 0.2);
}
