// The Timeline drawn into side_by_side.png: each lane's states land at the
// pixels their times map to, the sampled CPU under them, frames as ticks.
#include <catch2/catch.hpp>

#include <cstdint>

#include "output/pictures/timeline_strip.hpp"
#include "widgets/timeline_colours.hpp"

namespace {

using namespace threadlab;
using app::Rgba;

constexpr std::int64_t second = 1'000'000'000;
constexpr int strip_x = 0, strip_y = 0, strip_width = 1150;  // label column 150 px, bars 1000 px
constexpr int bars_x = 150;

Rgba rgba(ui::timeline_colours::Rgb c) { return {c.r, c.g, c.b, 255}; }

TimelineSegment segment(std::int64_t begin_ns, std::int64_t end_ns, TimelineState state) {
  TimelineSegment s;
  s.begin_ns = begin_ns;
  s.end_ns = end_ns;
  s.state = state;
  return s;
}

// Two lanes over the last 10 s: the render thread running, with a frame
// every second; a worker running for 6 s, then blocked on a Lock for 4 s,
// on a core all along.
TimelineSnapshot two_lanes() {
  TimelineSnapshot timeline;
  timeline.begin_ns = 0;
  timeline.end_ns = 10 * second;
  TimelineLane render;
  render.name = "MainThread";
  render.render = true;
  render.segments.push_back(segment(0, 10 * second, TimelineState::running));
  for (int s = 0; s <= 10; ++s) render.frames_ns.push_back(s * second);
  TimelineLane worker;
  worker.name = "worker-1";
  worker.segments.push_back(segment(0, 6 * second, TimelineState::running));
  TimelineSegment wait = segment(6 * second, 10 * second, TimelineState::lock_wait);
  wait.lock_name = "queue";
  worker.segments.push_back(wait);
  worker.cpu.push_back({0, 10 * second, 1.0f, 0.0f});
  timeline.lanes = {render, worker};
  return timeline;
}

// The pixel in the middle of a lane's state bar at time t_s.
Rgba state_pixel(const app::Image& canvas, int lane, double t_s) {
  const int lanes_top = 26 + 20;  // title, axis
  const int y = lanes_top + lane * app::timeline_strip_lane_height + app::timeline_strip_lane_height * 44 / 100;
  return canvas.at(bars_x + static_cast<int>(t_s / 10.0 * 1000), y);
}

}  // namespace

TEST_CASE("The timeline strip draws each lane's states where their times fall", "[timeline_strip]") {
  const TimelineSnapshot timeline = two_lanes();
  app::Image canvas(strip_width, app::timeline_strip_height(timeline, 10.0));
  const int height = app::draw_timeline_strip(canvas, strip_x, strip_y, strip_width, timeline, 10.0);
  CHECK(height == app::timeline_strip_height(timeline, 10.0));
  CHECK(height == 26 + 20 + 2 * app::timeline_strip_lane_height + 44);

  CHECK(state_pixel(canvas, 0, 3.0) == rgba(ui::timeline_colours::running));
  CHECK(state_pixel(canvas, 1, 3.0) == rgba(ui::timeline_colours::running));
  CHECK(state_pixel(canvas, 1, 8.0) == rgba(ui::timeline_colours::lock_wait));

  // The worker was on a core the whole time: its CPU strip is full.
  const int cpu_y = 26 + 20 + app::timeline_strip_lane_height + app::timeline_strip_lane_height * 85 / 100;
  CHECK(canvas.at(bars_x + 500, cpu_y) == rgba(ui::timeline_colours::cpu_running));
}

TEST_CASE("The timeline strip shows only lanes active in its window, at most its limit", "[timeline_strip]") {
  TimelineSnapshot timeline = two_lanes();
  TimelineLane old;
  old.name = "ended-long-ago";
  old.segments.push_back(segment(0, 1 * second, TimelineState::running));
  timeline.lanes.push_back(old);
  // Over the last 5 s the old lane did nothing: two lanes, not three.
  CHECK(app::timeline_strip_height(timeline, 5.0) == 26 + 20 + 2 * app::timeline_strip_lane_height + 44);
  for (int i = 0; i < 20; ++i) {
    TimelineLane busy = timeline.lanes[1];
    busy.name = "worker-extra-" + std::to_string(i);
    timeline.lanes.push_back(busy);
  }
  CHECK(app::timeline_strip_height(timeline, 10.0) ==
        26 + 20 + app::timeline_strip_most_lanes * app::timeline_strip_lane_height + 44);
}
