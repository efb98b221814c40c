// The acquired-before graph reports a Lock-order inversion the moment it is
// made, even in a run that never hangs (lock_order.hpp).
#include <catch2/catch.hpp>

#include <chrono>
#include <mutex>
#include <vector>

#include "scenario_test_support.hpp"
#include "threadlab/diagnostics/lock_order.hpp"
#include "threadlab/scenarios/scenario.hpp"
#include "threadlab/threading.hpp"

using namespace std::chrono_literals;
using threadlab::Lock;
using threadlab::LockOrderInversion;
using threadlab::Thread;

namespace {

// Collects what the reporter hears, instead of printing it, for one test.
class CapturedReports {
 public:
  CapturedReports() {
    previous_ = threadlab::set_lock_order_reporter([this](const LockOrderInversion& inversion) {
      std::lock_guard guard(mutex_);
      heard_.push_back(inversion);
    });
    count_before_ = threadlab::lock_order_inversion_count();
  }
  ~CapturedReports() { threadlab::set_lock_order_reporter(std::move(previous_)); }
  CapturedReports(const CapturedReports&) = delete;
  CapturedReports& operator=(const CapturedReports&) = delete;

  std::vector<LockOrderInversion> heard() const {
    std::lock_guard guard(mutex_);
    return heard_;
  }
  std::vector<LockOrderInversion> kept() const { return threadlab::lock_order_inversions_since(count_before_); }

 private:
  threadlab::LockOrderReporter previous_;  // put back when the test ends
  mutable std::mutex mutex_;
  std::vector<LockOrderInversion> heard_;
  std::uint64_t count_before_ = 0;
};

// Runs `body` on an engine Thread called `name` and waits for it, bounded.
void run_on_thread(const std::string& name, std::function<void()> body) {
  Thread thread(std::move(body), name);
  thread.start();
  if (!thread.join(10s)) FAIL(name << " did not finish within 10 s: a Lock is stuck");
}

void take_in_order(Lock& first, Lock& second) {
  Lock::Guard outer(first);
  Lock::Guard inner(second);
}

}  // namespace

TEST_CASE("Two threads that take A and B in opposite orders, one after the other, are reported at once",
          "[lock_order]") {
  CapturedReports reports;
  Lock a("A");
  Lock b("B");
  run_on_thread("takes-A-then-B", [&] { take_in_order(a, b); });
  REQUIRE(reports.heard().empty());  // one order alone is no cycle
  run_on_thread("takes-B-then-A", [&] { take_in_order(b, a); });

  const auto heard = reports.heard();
  REQUIRE(heard.size() == 1);
  REQUIRE(reports.kept() == heard);
  const auto& steps = heard.front().steps;
  REQUIRE(steps.size() == 2);
  REQUIRE(steps[0].thread_name == "takes-B-then-A");  // the acquisition that closed the cycle
  REQUIRE(steps[0].held.name == "B");
  REQUIRE(steps[0].wanted.name == "A");
  REQUIRE(steps[1].thread_name == "takes-A-then-B");  // the order it contradicts
  REQUIRE(steps[1].held.name == "A");
  REQUIRE(steps[1].wanted.name == "B");
  REQUIRE(heard.front().involves_lock(a.id()));
  REQUIRE(heard.front().summary() == "takes-B-then-A holds B and wants A, but takes-A-then-B took A before B");

  const std::string table = heard.front().scenario_table();
  REQUIRE_THAT(table, Catch::Contains("possible unsafe locking scenario"));
  REQUIRE_THAT(table, Catch::Contains("takes-B-then-A"));
  REQUIRE_THAT(table, Catch::Contains("lock(A);"));
  REQUIRE_THAT(table, Catch::Contains("DEADLOCK"));

  // The same inversion again is no news.
  run_on_thread("takes-B-then-A-again", [&] { take_in_order(b, a); });
  REQUIRE(reports.heard().size() == 1);
}

TEST_CASE("A cycle of three orders, by three threads, is reported with all three", "[lock_order]") {
  CapturedReports reports;
  Lock a("A");
  Lock b("B");
  Lock c("C");
  run_on_thread("first", [&] { take_in_order(a, b); });
  run_on_thread("second", [&] { take_in_order(b, c); });
  REQUIRE(reports.heard().empty());
  run_on_thread("third", [&] { take_in_order(c, a); });
  const auto heard = reports.heard();
  REQUIRE(heard.size() == 1);
  const auto& steps = heard.front().steps;
  REQUIRE(steps.size() == 3);
  // Closing step first, then the path from what it wants back to what it holds.
  REQUIRE(steps[0].thread_name == "third");
  REQUIRE(steps[1].thread_name == "first");
  REQUIRE(steps[2].thread_name == "second");
  for (std::size_t i = 0; i < steps.size(); ++i) REQUIRE(steps[i].wanted == steps[(i + 1) % steps.size()].held);
}

TEST_CASE("One global order, by many threads many times, reports nothing", "[lock_order]") {
  CapturedReports reports;
  Lock a("A");
  Lock b("B");
  Lock c("C");
  std::vector<std::unique_ptr<Thread>> threads;
  for (int i = 0; i < 4; ++i) {
    threads.push_back(std::make_unique<Thread>(
        [&] {
          for (int round = 0; round < 200; ++round) {
            Lock::Guard first(a);
            take_in_order(b, c);
          }
        },
        "ordered-" + std::to_string(i)));
  }
  for (auto& thread : threads) thread->start();
  for (auto& thread : threads) {
    if (!thread->join(10s)) FAIL("an ordered thread did not finish within 10 s");
  }
  REQUIRE(reports.heard().empty());
}

TEST_CASE("A non-blocking acquire adds no order: it cannot wait, so it cannot deadlock", "[lock_order]") {
  CapturedReports reports;
  Lock a("A");
  Lock b("B");
  bool tried = false;
  run_on_thread("tries-A-holding-B", [&] {
    Lock::Guard outer(b);
    tried = a.acquire(false);
    if (tried) a.release();
  });
  REQUIRE(tried);
  run_on_thread("takes-A-then-B", [&] { take_in_order(a, b); });
  REQUIRE(reports.heard().empty());
}

TEST_CASE("A Lock released by another thread no longer counts as held by the thread that took it", "[lock_order]") {
  CapturedReports reports;
  Lock signal("signal");
  Lock b("B");
  Lock c("C");
  REQUIRE(signal.acquire());  // taken here, released by the thread below: Python allows it
  run_on_thread("releases-signal", [&] { signal.release(); });
  // This thread's list still names `signal`: a new order drops it instead of
  // claiming "signal before B".
  take_in_order(b, c);
  run_on_thread("takes-B-then-signal", [&] { take_in_order(b, signal); });
  REQUIRE(reports.heard().empty());
}

TEST_CASE("The deadlock scenario reports its inversion, with the fix, nothing", "[lock_order][scenario]") {
  CapturedReports reports;
  const auto hung = threadlab::run_scenario(threadlab::ScenarioKind::deadlock,
                                            threadlab::test::scenario_options(false, 0.5));
  REQUIRE(hung.lock_order_inversions.size() == 1);
  REQUIRE(hung.lock_order_inversions.front().steps.size() == 2);

  const auto fixed = threadlab::run_scenario(threadlab::ScenarioKind::deadlock,
                                             threadlab::test::scenario_options(true, 60));  // ends when the rounds are done
  REQUIRE(fixed.lock_order_inversions.empty());
}

TEST_CASE("Setting a lock-order reporter returns the one it replaces, to put back", "[lock_order]") {
  threadlab::LockOrderReporter original = threadlab::set_lock_order_reporter({});
  CHECK(static_cast<bool>(original));  // the default prints to stderr
  const threadlab::LockOrderReporter silent = threadlab::set_lock_order_reporter(std::move(original));
  CHECK_FALSE(static_cast<bool>(silent));
}
