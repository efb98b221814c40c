#pragma once
// Ten seconds of a busy lab's Timeline (lab_snapshot_builder.hpp), busier
// than the demo's own: each worker does 500 tiles a second and waits for a
// Lock 100 times a second (every wait names a holder, so the holders get
// their yellow stretches), the render thread begins 60 frames a second, and
// every lane has 100 CPU samples.

#include <cstdint>
#include <string>
#include <vector>

#include "threadlab/diagnostics/thread_timeline.hpp"

namespace threadlab::test {

namespace busy_timeline_detail {

inline constexpr std::int64_t second = 1'000'000'000;

inline void add_cpu_slices(const TimelineSnapshot& timeline, TimelineLane& lane, float running) {
  for (int i = 0; i < 100; ++i) {
    const std::int64_t from = timeline.begin_ns + i * second / 10;
    lane.cpu.push_back(TimelineCpuSlice{.begin_ns = from, .end_ns = from + second / 10, .running = running,
                                         .runnable = 0.1f * float(i % 3)});
  }
}

inline TimelineSegment running_from(std::int64_t from, std::int64_t to) {
  TimelineSegment segment;
  segment.begin_ns = from;
  segment.end_ns = to;
  segment.state = TimelineState::running;
  return segment;
}

// A worker's lane: 100 waits a second, 50 us each, for the tile queue the
// next worker held and let go to this one.
inline TimelineLane worker_lane(const TimelineSnapshot& timeline, const std::string& name, std::int64_t tid,
                                const std::string& holder, std::int64_t holder_tid) {
  TimelineLane lane;
  lane.name = name;
  lane.alive = true;
  lane.tids = {tid};
  std::int64_t at = timeline.begin_ns;
  for (int i = 0; i < 1000; ++i) {
    const std::int64_t wait_from = at + second / 100 - 50'000;
    lane.segments.push_back(running_from(at, wait_from));
    TimelineSegment wait;
    wait.begin_ns = wait_from;
    wait.end_ns = at + second / 100;
    wait.state = TimelineState::lock_wait;
    wait.lock_id = 1;
    wait.lock_name = "mandelbrot.tile-queue";
    wait.holder_tid = wait.released_by_tid = holder_tid;
    wait.holder_name = wait.released_by_name = holder;
    lane.segments.push_back(std::move(wait));
    lane.contended_holds.push_back(TimelineContendedHold{.begin_ns = wait_from, .end_ns = at + second / 100,
                                                          .lock_id = 1, .lock_name = "mandelbrot.tile-queue",
                                                          .waiter_name = "another worker"});
    at += second / 100;
  }
  for (int i = 0; i < 5000; ++i) lane.items_ns.push_back(timeline.begin_ns + i * second / 500);
  add_cpu_slices(timeline, lane, 0.9f);
  return lane;
}

}  // namespace busy_timeline_detail

// The render thread's lane, then one lane per worker (TIDs from first_worker_tid on).
inline TimelineSnapshot busy_timeline(const std::vector<std::string>& workers, std::int64_t render_tid,
                                      std::int64_t first_worker_tid) {
  using namespace busy_timeline_detail;
  TimelineSnapshot timeline;
  timeline.end_ns = 1'000 * second;
  timeline.begin_ns = timeline.end_ns - 10 * second;
  TimelineLane render;
  render.name = "MainThread";
  render.render = render.alive = true;
  render.tids = {render_tid};
  render.segments.push_back(running_from(timeline.begin_ns, timeline.end_ns));
  for (int i = 0; i < 600; ++i) render.frames_ns.push_back(timeline.begin_ns + i * second / 60);
  add_cpu_slices(timeline, render, 0.3f);
  timeline.lanes.push_back(std::move(render));
  for (std::size_t w = 0; w < workers.size(); ++w) {
    const std::size_t next = (w + 1) % workers.size();
    timeline.lanes.push_back(worker_lane(timeline, workers[w], first_worker_tid + static_cast<std::int64_t>(w),
                                         workers[next], first_worker_tid + static_cast<std::int64_t>(next)));
  }
  return timeline;
}

}  // namespace threadlab::test
