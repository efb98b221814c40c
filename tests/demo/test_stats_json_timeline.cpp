// The stats JSON carries each thread's time per state (the timeline's
// totals) and the cancellation latencies, by cause.

#include <catch2/catch.hpp>

#include "output/json/stats_json.hpp"

using namespace threadlab;
using namespace threadlab::app;

TEST_CASE("The stats JSON has each lane's state totals, recorded and sampled, in ms", "[cli][timeline]") {
  LabSnapshot snapshot;
  snapshot.timeline.begin_ns = 0;
  snapshot.timeline.end_ns = 10'000'000'000;
  TimelineLane lane;
  lane.name = "mandelbrot-1";
  lane.tids = {11, 12};
  lane.totals.wall_ms = 9000;
  lane.totals.running_ms = 8000;
  lane.totals.lock_wait_ms = 700;
  lane.totals.event_wait_ms = 300;
  lane.totals.lock_waits = 42;
  lane.totals.cpu_ms = 6000;
  lane.totals.runnable_ms = 2500;
  lane.cpu.push_back({0, 100'000'000, 0.6f, 0.25f});
  snapshot.timeline.lanes.push_back(lane);
  TimelineLane unsampled;  // no CPU samples: no sampled totals rather than zeros
  unsampled.name = "MainThread";
  unsampled.render = true;
  snapshot.timeline.lanes.push_back(unsampled);

  const auto json = build_stats_json(snapshot, SessionFacts{});
  const auto& timeline = json.at("timeline");
  CHECK(timeline.at("window_s").get<double>() == Approx(10.0));
  const auto& first = timeline.at("lanes").at(0);
  CHECK(first.at("name") == "mandelbrot-1");
  CHECK(first.at("threads") == 2);
  CHECK(first.at("state_ms").at("lock_wait").get<double>() == Approx(700));
  CHECK(first.at("state_ms").at("event_wait").get<double>() == Approx(300));
  CHECK(first.at("lock_waits") == 42);
  CHECK(first.at("sampled_ms").at("on_cpu").get<double>() == Approx(6000));
  CHECK(first.at("sampled_ms").at("runnable").get<double>() == Approx(2500));
  CHECK(first.at("sampled_ms").at("off_cpu").get<double>() == Approx(500));
  const auto& second = timeline.at("lanes").at(1);
  CHECK(second.at("render_thread") == true);
  CHECK_FALSE(second.contains("sampled_ms"));
}

TEST_CASE("The stats JSON has the cancellation latencies: overall, by cause, and each", "[cli][timeline]") {
  LabSnapshot snapshot;
  snapshot.cancellations = {{"zoom", "multi", 2, 3.0, 40.0}, {"zoom", "multi", 2, 5.0, 60.0},
                            {"mode switch", "single", 0, 0.5, std::nullopt}};
  const auto json = build_stats_json(snapshot, SessionFacts{});
  const auto& latency = json.at("cancellation_latency");
  CHECK(latency.at("count") == 3);
  CHECK(latency.at("stop_max_ms").get<double>() == Approx(5.0));
  CHECK(latency.at("first_tile_count") == 2);
  CHECK(latency.at("by_cause").at("zoom").at("stop_median_ms").get<double>() == Approx(4.0));
  CHECK(latency.at("by_cause").at("zoom").at("first_tile_median_ms").get<double>() == Approx(50.0));
  CHECK_FALSE(latency.at("by_cause").at("mode switch").contains("first_tile_median_ms"));
  CHECK(latency.at("latest").at(2).at("first_tile_ms").is_null());
}
