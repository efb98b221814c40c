// The responsiveness probe measures how long pings wait for the UI loop.
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "threadlab/measurement/responsiveness_probe.hpp"
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

TEST_CASE("Unanswered pings age; answering them records how long each waited", "[probe]") {
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
