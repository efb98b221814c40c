// A mode's figures in the comparison: the slow-frame count and the frame
// count it is divided by describe the same frames.
#include <catch2/catch.hpp>

#include "output/json/comparison_report.hpp"
#include "threadlab/measurement/frame_stats.hpp"

using namespace std::chrono_literals;

namespace {

// A run's last snapshot whose frame statistics saw `slow` frames of 600 ms
// and `fast` frames of 16 ms.
threadlab::LabSnapshot snapshot_with_frames(int slow, int fast) {
  threadlab::LatencyRecorder frames;
  auto at = threadlab::Clock::now();
  for (int i = 0; i < slow; ++i) frames.add(at += 600ms, threadlab::Millis{600});
  for (int i = 0; i < fast; ++i) frames.add(at += 16ms, threadlab::Millis{16});
  threadlab::LabSnapshot snapshot;
  snapshot.frames = frames.summary(threadlab::Millis{threadlab::app::slow_frame_ms});
  return snapshot;
}

}  // namespace

TEST_CASE("A run of frames all over 50 ms counts every one of them as over 50 ms", "[comparison]") {
  // A 16 s single-thread run: 46 frames of about 600 ms, the last (the one
  // the session ends on) included.
  const auto figures = threadlab::app::figures_of_run(snapshot_with_frames(46, 0), 16.0);
  CHECK(figures.frames.count == 46);
  CHECK(figures.frames_over_50ms == 46);
}

TEST_CASE("The multi-thread slow-frame share divides slow frames by the same frames' count", "[comparison]") {
  const auto single = threadlab::app::figures_of_run(snapshot_with_frames(46, 0), 16.0);
  auto multi_snapshot = snapshot_with_frames(3, 97);
  multi_snapshot.settings.mode = threadlab::Mode::multi_thread;
  const auto multi = threadlab::app::figures_of_run(multi_snapshot, 16.0);
  REQUIRE(multi.frames_over_50ms == 3);
  const auto json = threadlab::app::build_report_json(single, multi);
  CHECK(json["claims"]["multi_slow_frame_share"]["value"] == Approx(0.03));
  CHECK(json["claims"]["multi_slow_frame_share"]["met"] == false);  // 3 % is over the 2 % goal
}
