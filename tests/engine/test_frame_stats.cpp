// Frame-time and latency statistics: nearest-rank percentiles, a rolling
// window trimmed by the samples' own time stamps (no sleeping: every time
// point is given explicitly), and whole-session figures.

#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <limits>
#include <vector>

#include "threadlab/measurement/frame_stats.hpp"

using namespace threadlab;
using std::chrono::milliseconds;
using std::chrono::seconds;

namespace {

const Clock::time_point t0 = Clock::time_point{} + std::chrono::hours(1);

std::vector<double> one_to(int n) {
  std::vector<double> values;
  for (int i = n; i >= 1; --i) values.push_back(i);  // deliberately unsorted
  return values;
}

}  // namespace

// --- percentile --------------------------------------------------------------

TEST_CASE("percentile is the nearest rank: the least value with q of all values at or below it") {
  const std::vector<double> values = {15, 20, 35, 40, 50};

  CHECK(percentile(values, 0.05) == 15);
  CHECK(percentile(values, 0.30) == 20);
  CHECK(percentile(values, 0.40) == 20);
  CHECK(percentile(values, 0.50) == 35);
  CHECK(percentile(values, 1.00) == 50);
}

TEST_CASE("percentile of one to a hundred is the rank itself") {
  CHECK(percentile(one_to(100), 0.50) == 50);
  CHECK(percentile(one_to(100), 0.99) == 99);
  CHECK(percentile(one_to(100), 0.07) == 7);  // 0.07 * 100 is not exactly 7 in floating point
  CHECK(percentile(one_to(100), 0.071) == 8);
}

TEST_CASE("percentile at q = 0 is the minimum and at q = 1 the maximum") {
  CHECK(percentile(one_to(10), 0.0) == 1);
  CHECK(percentile(one_to(10), 1.0) == 10);
  CHECK(percentile(one_to(10), -3.0) == 1);
  CHECK(percentile(one_to(10), 7.0) == 10);
}

TEST_CASE("percentile of nothing is 0, and NaN values are left out") {
  const double nan = std::numeric_limits<double>::quiet_NaN();

  CHECK(percentile({}, 0.5) == 0);
  CHECK(percentile({nan, nan}, 0.5) == 0);
  CHECK(percentile({nan, 3, nan, 1, 2}, 1.0) == 3);
}

// --- LatencyRecorder: the rolling window -------------------------------------

TEST_CASE("The window keeps samples up to exactly its length older than the newest") {
  LatencyRecorder recorder(seconds(10));

  recorder.add(t0, Millis{1});
  recorder.add(t0 + seconds(5), Millis{2});
  recorder.add(t0 + seconds(10), Millis{3});
  CHECK(recorder.window_values() == std::vector<float>{1, 2, 3});

  recorder.add(t0 + milliseconds(10'001), Millis{4});
  CHECK(recorder.window_values() == std::vector<float>{2, 3, 4});
  REQUIRE(recorder.window().size() == 3);
  CHECK(recorder.window().front().first == t0 + seconds(5));
}

TEST_CASE("A long pause empties the window down to the newest sample") {
  LatencyRecorder recorder(seconds(10));
  for (int i = 0; i < 100; ++i) recorder.add(t0 + milliseconds(16 * i), Millis{16});

  recorder.add(t0 + seconds(60), Millis{2000});

  CHECK(recorder.window_values() == std::vector<float>{2000});
  CHECK(recorder.window_summary().count == 1);
}

TEST_CASE("Trimming the window keeps the samples in the whole-session summary") {
  LatencyRecorder recorder(seconds(1));

  recorder.add(t0, Millis{100});
  recorder.add(t0 + seconds(2), Millis{10});
  recorder.add(t0 + seconds(4), Millis{20});

  CHECK(recorder.window_summary().count == 1);
  CHECK(recorder.window_summary().max_ms == 20);
  CHECK(recorder.summary().count == 3);
  CHECK(recorder.summary().max_ms == 100);
  CHECK(recorder.session_max_ms() == 100);
}

// --- LatencyRecorder: summaries ----------------------------------------------

TEST_CASE("A summary gives count, p50, p99, max and mean of known frame times") {
  LatencyRecorder recorder(seconds(1000));
  for (int i = 1; i <= 100; ++i) recorder.add(t0 + milliseconds(i), Millis{static_cast<double>(i)});

  const LatencySummary summary = recorder.summary();

  CHECK(summary.count == 100);
  CHECK(summary.p50_ms == 50);
  CHECK(summary.p99_ms == 99);
  CHECK(summary.max_ms == 100);
  CHECK(summary.mean_ms == 50.5);
  CHECK(recorder.window_summary().p99_ms == 99);
}

TEST_CASE("over_threshold counts only samples strictly above the threshold") {
  LatencyRecorder recorder;
  for (const double ms : {16.0, 49.9, 50.0, 50.001, 120.0, 2000.0}) recorder.add(t0, Millis{ms});

  CHECK(recorder.summary(Millis{50}).over_threshold == 3);
  CHECK(recorder.window_summary(Millis{50}).over_threshold == 3);
  CHECK(recorder.summary(Millis{100}).over_threshold == 2);
  CHECK(recorder.summary(Millis{5000}).over_threshold == 0);
  CHECK(recorder.summary(Millis{0}).over_threshold == 6);
}

TEST_CASE("An empty recorder summarises to zeros") {
  const LatencyRecorder recorder;

  const LatencySummary summary = recorder.summary();

  CHECK(summary.count == 0);
  CHECK(summary.p50_ms == 0);
  CHECK(summary.p99_ms == 0);
  CHECK(summary.max_ms == 0);
  CHECK(summary.mean_ms == 0);
  CHECK(summary.over_threshold == 0);
  CHECK(recorder.window_values().empty());
}

TEST_CASE("clear() starts the session and the window again") {
  LatencyRecorder recorder;
  recorder.add(t0, Millis{500});
  recorder.add(t0 + milliseconds(16), Millis{16});

  recorder.clear();
  recorder.add(t0 + milliseconds(32), Millis{17});

  CHECK(recorder.summary().count == 1);
  CHECK(recorder.summary().max_ms == 17);
  CHECK(recorder.session_max_ms() == 17);
  CHECK(recorder.window_values() == std::vector<float>{17});
}

TEST_CASE("A NaN or infinite measurement is ignored rather than poisoning the figures") {
  LatencyRecorder recorder;
  recorder.add(t0, Millis{10});
  recorder.add(t0, Millis{std::numeric_limits<double>::quiet_NaN()});
  recorder.add(t0, Millis{std::numeric_limits<double>::infinity()});

  const LatencySummary summary = recorder.summary();

  CHECK(summary.count == 1);
  CHECK(summary.mean_ms == 10);
  CHECK(summary.max_ms == 10);
  CHECK(recorder.window_values() == std::vector<float>{10});
}

TEST_CASE("A ten-minute session at 60 Hz is summarised from every frame") {
  LatencyRecorder recorder;
  const int frames = 10 * 60 * 60;
  for (int i = 0; i < frames; ++i) {
    // Every hundredth frame is a 100 ms stutter, the rest take 16 ms.
    const double ms = i % 100 == 99 ? 100.0 : 16.0;
    recorder.add(t0 + milliseconds(16 * i), Millis{ms});
  }

  const LatencySummary summary = recorder.summary(Millis{50});

  CHECK(summary.count == static_cast<std::size_t>(frames));
  CHECK(summary.over_threshold == static_cast<std::size_t>(frames / 100));
  CHECK(summary.p50_ms == 16);
  // Exactly 1% are stutters, so the 99th percentile is still a good frame.
  CHECK(summary.p99_ms == 16);
  CHECK(summary.max_ms == 100);
  CHECK(summary.mean_ms == Approx(16.84));
}

TEST_CASE("mean_of and median_of: 0 when empty, the middle pair's mean for an even count", "[frame_stats]") {
  CHECK(mean_of({}) == 0.0);
  CHECK(median_of({}) == 0.0);
  CHECK(mean_of({1.0, 2.0, 6.0}) == Approx(3.0));
  CHECK(median_of({6.0, 1.0, 2.0}) == Approx(2.0));
  CHECK(median_of({4.0, 1.0, 3.0, 2.0}) == Approx(2.5));
}
