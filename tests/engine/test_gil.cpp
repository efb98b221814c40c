// The simulated GIL lets one worker compute at a time and, like CPython's,
// makes the holder hand it over when another thread has waited an interval.
#include <catch2/catch.hpp>

#include <atomic>
#include <stdexcept>
#include <thread>

#include "threadlab/threading/gil.hpp"
#include "threadlab/threading.hpp"
#include "../wait_until.hpp"

using namespace std::chrono_literals;
using threadlab::Gil;
using threadlab::Thread;

TEST_CASE("The GIL's switch interval is 5 ms by default and must be positive", "[gil]") {
  Gil gil;
  REQUIRE(gil.switch_interval() == std::chrono::duration<double>(0.005));
  REQUIRE(gil.lock().name() == "GIL");
  REQUIRE_THROWS_AS(Gil(std::chrono::duration<double>(0)), std::invalid_argument);
  REQUIRE_THROWS_AS(Gil(std::chrono::duration<double>(-1)), std::invalid_argument);
}

TEST_CASE("A lone holder is never asked to drop the GIL", "[gil]") {
  Gil gil;
  REQUIRE(gil.acquire());
  for (int i = 0; i < 1000; ++i) REQUIRE(gil.yield_if_requested());
  REQUIRE(gil.lock().locked());
  REQUIRE(gil.forced_switches() == 0);
  REQUIRE(gil.takes() == 1);
  gil.release();
  REQUIRE_FALSE(gil.lock().locked());
}

TEST_CASE("A thread that waits a switch interval asks the holder to drop the GIL, and gives up when stopped",
          "[gil]") {
  Gil gil(std::chrono::duration<double>(0.001));
  REQUIRE(gil.acquire());
  bool got_it = true;
  Thread waiter([&] { got_it = gil.acquire(); }, "gil-waiter");
  waiter.start();
  // Set only after a whole interval of waiting.
  threadlab::testing::wait_until([&] { return gil.drop_requested(); }, "the waiter to request a drop of the GIL");
  waiter.request_stop();
  REQUIRE(waiter.join(60s));
  REQUIRE_FALSE(got_it);
  REQUIRE(gil.lock().locked());  // still ours
  gil.release();
}

TEST_CASE("Two workers computing under the GIL take turns, one at a time, by forced switches", "[gil]") {
  Gil gil(std::chrono::duration<double>(0.001));
  constexpr int handovers_wanted = 6;
  // Written only by the GIL's holder: the GIL is what guards them.
  int last_owner = -1;
  int handovers = 0;
  std::atomic<int> computing{0};
  std::atomic<int> most_computing{0};
  std::atomic<bool> gave_up{false};
  const auto guard_deadline = std::chrono::steady_clock::now() + 60s;  // hang guard only

  auto worker = [&](int me) {
    if (!gil.acquire()) return;
    while (true) {
      if (handovers >= handovers_wanted) break;
      if (std::chrono::steady_clock::now() > guard_deadline) {
        gave_up.store(true);
        break;
      }
      const int now_computing = computing.fetch_add(1) + 1;
      if (now_computing > most_computing.load()) most_computing.store(now_computing);
      if (last_owner != me) {
        if (last_owner != -1) ++handovers;
        last_owner = me;
      }
      threadlab::report_item_done();
      computing.fetch_sub(1);
      // A holder that never checks would keep the GIL forever: the check is what lets the other in.
      if (!gil.yield_if_requested()) return;
    }
    gil.release();
  };
  Thread one([&] { worker(1); }, "gil-1");
  Thread two([&] { worker(2); }, "gil-2");
  one.start();
  two.start();
  one.join();
  two.join();

  REQUIRE_FALSE(gave_up.load());
  REQUIRE(handovers >= handovers_wanted);
  REQUIRE(most_computing.load() == 1);
  REQUIRE(gil.forced_switches() >= 1);
  REQUIRE_FALSE(gil.lock().locked());
}
