// The responsiveness probe measures how long pings wait for the UI loop.
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "threadlab/measurement/responsiveness_probe.hpp"
#include "threadlab/threading/event.hpp"
#include "../wait_until.hpp"

using namespace std::chrono_literals;

namespace {

// A probe that has sent at least three pings, none answered, and stopped.
struct ProbeWithUnansweredPings {
  std::atomic<int> wakes{0};
  threadlab::ResponsivenessProbe probe{[this] { ++wakes; }, 1ms};

  ProbeWithUnansweredPings() {
    probe.start();
    threadlab::testing::wait_until([&] { return wakes.load() >= 3; }, "three wakes from the probe");
    probe.request_stop();
    probe.join();
  }
};

}  // namespace

TEST_CASE("Unanswered pings age, answering them records how long each waited", "[probe]") {
  ProbeWithUnansweredPings stopped;
  auto& probe = stopped.probe;

  // Answer as if the UI loop came back one second late: every ping waited
  // at least that long, which is the freeze the probe exists to see.
  const auto late = threadlab::Clock::now() + 1s;
  REQUIRE(probe.unanswered_for(late) >= threadlab::Millis(1000));
  const int answered = probe.answer_pings(late);
  REQUIRE(answered >= 3);
  REQUIRE(probe.unanswered_for(late) == threadlab::Millis(0));

  const auto summary = probe.summary();
  REQUIRE(summary.count == static_cast<std::size_t>(answered));
  REQUIRE(summary.p50_ms >= 1000.0);
  REQUIRE(summary.over_threshold == summary.count);
  REQUIRE(probe.answer_pings(late) == 0);
}

TEST_CASE("The probe thread is a named daemon Thread that stops when asked", "[probe]") {
  threadlab::ResponsivenessProbe probe;
  REQUIRE(probe.daemon());
  REQUIRE(probe.name() == "responsiveness-probe");
  probe.start();
  REQUIRE(probe.is_alive());
  probe.stop_and_join();
  REQUIRE_FALSE(probe.is_alive());
}

TEST_CASE("Clearing the probe drops its figures and the pings still waiting, so a pause is not counted after it",
          "[probe]") {
  ProbeWithUnansweredPings stopped;
  auto& probe = stopped.probe;
  probe.clear();
  const auto late = threadlab::Clock::now() + 10s;
  REQUIRE(probe.unanswered_for(late) == threadlab::Millis(0));
  REQUIRE(probe.answer_pings(late) == 0);
  REQUIRE(probe.summary().count == 0);
}

TEST_CASE("A probe thread held up sends its next ping stamped when sent, its delay is counted apart", "[probe]") {
  threadlab::Event gate;
  std::atomic<int> wakes{0};
  std::atomic<bool> held{false};
  // The first wake holds the probe thread itself, as a busy core would.
  threadlab::ResponsivenessProbe probe{[&] {
    if (++wakes == 1) {
      held = true;
      gate.wait(60s);
    }
  }, 10ms};
  probe.start();
  threadlab::testing::wait_until([&] { return held.load(); }, "the probe thread held in its first wake");
  const auto held_since = threadlab::Clock::now();
  // Hold it for ten of its intervals: the delay under test, not a wait for a condition.
  threadlab::testing::wait_until([&] { return threadlab::Clock::now() >= held_since + 100ms; }, "100 ms to pass");
  probe.answer_pings();
  probe.clear();  // the figures from here on are the pings sent after the hold
  const auto released_at = threadlab::Clock::now();
  gate.set();
  threadlab::testing::wait_until([&] { return wakes.load() >= 3; }, "two pings after the hold");
  const auto answered_at = threadlab::Clock::now();
  REQUIRE(probe.answer_pings(answered_at) >= 1);
  probe.stop_and_join();

  // No ping waited longer than the window had to answer since the probe was
  // let go: pings stamped when due would carry the 100 ms hold with them.
  const double window_could_wait_ms = threadlab::Millis(answered_at - released_at).count();
  const auto latency = probe.summary();
  CHECK(latency.max_ms <= window_could_wait_ms);
  // The hold shows as the probe's own lateness, on the first ping after it.
  const double held_ms = threadlab::Millis(released_at - held_since).count();
  const auto lateness = probe.lateness_summary();
  CHECK(lateness.count >= 1);
  constexpr double interval_ms = 10.0;  // it was due one interval after the hold began, at the latest
  CHECK(lateness.max_ms >= held_ms - interval_ms);
}
