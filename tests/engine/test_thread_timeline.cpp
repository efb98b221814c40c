// The timeline records what each thread did: Lock waits naming the Lock and
// its holder, Event waits, the render thread's frames and job, work items;
// its rings are read while written without tearing an event.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

#include "../wait_until.hpp"
#include "../../engine/src/diagnostics/timeline_ring.hpp"
#include "scenario_test_support.hpp"
#include "threadlab/threading/event.hpp"
#include "threadlab/lab/lab.hpp"
#include "threadlab/threading/lock.hpp"
#include "threadlab/threading/registry.hpp"
#include "threadlab/scenarios/scenario.hpp"
#include "threadlab/threading/thread.hpp"
#include "threadlab/diagnostics/thread_timeline.hpp"

using namespace std::chrono_literals;
using threadlab::TimelineLane;
using threadlab::TimelineSegment;
using threadlab::TimelineSnapshot;
using threadlab::TimelineState;

namespace {

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

TimelineSnapshot timeline_now() { return threadlab::take_timeline(10s, {}, threadlab::get_native_id(), now_ns()); }

const TimelineLane* lane_named(const TimelineSnapshot& timeline, const std::string& name) {
  const auto found = std::find_if(timeline.lanes.begin(), timeline.lanes.end(),
                                  [&](const TimelineLane& lane) { return lane.name == name; });
  return found == timeline.lanes.end() ? nullptr : &*found;
}

std::vector<TimelineSegment> segments_in(const TimelineLane* lane, TimelineState state) {
  std::vector<TimelineSegment> out;
  if (lane == nullptr) return out;
  std::copy_if(lane->segments.begin(), lane->segments.end(), std::back_inserter(out),
               [state](const TimelineSegment& segment) { return segment.state == state; });
  return out;
}

using threadlab::testing::wait_until;

bool thread_waits_for_lock(const std::string& name) {
  for (const auto& info : threadlab::enumerate())
    if (info.name == name && info.state == threadlab::ThreadState::waiting_for_lock) return true;
  return false;
}

}  // namespace

TEST_CASE("Timeline: a Lock wait is a segment naming the Lock, the thread that held it and the one that let it go",
          "[timeline]") {
  const auto policy = GENERATE(threadlab::LockPolicy::barging, threadlab::LockPolicy::fifo);
  INFO("policy " << threadlab::to_string(policy));
  threadlab::Lock lock("timeline.test-lock", policy);
  // Names of their own per policy: a finished thread's lane stays on the
  // timeline for seconds, and lanes are grouped by name.
  const std::string suffix = std::string("-") + threadlab::to_string(policy);
  const std::string holder_name = "timeline-holder" + suffix, waiter_name = "timeline-waiter" + suffix;
  threadlab::Event holding, let_go;
  threadlab::Thread holder(
      [&] {
        lock.acquire();
        holding.set();
        let_go.wait(10s);
        lock.release();
      },
      holder_name);
  threadlab::Thread waiter(
      [&] {
        lock.acquire();
        lock.release();
      },
      waiter_name);
  holder.start();
  REQUIRE(holding.wait(10s));
  waiter.start();
  INFO("the waiter should block on the held Lock");
  wait_until([&] { return thread_waits_for_lock(waiter_name); }, waiter_name + " to wait for the Lock");
  let_go.set();
  REQUIRE(waiter.join(10s));
  REQUIRE(holder.join(10s));

  const auto timeline = timeline_now();
  const auto waits = segments_in(lane_named(timeline, waiter_name), TimelineState::lock_wait);
  REQUIRE(waits.size() == 1);
  CHECK(waits.front().lock_name == "timeline.test-lock");
  CHECK(waits.front().holder_name == holder_name);
  CHECK(waits.front().holder_tid != 0);
  CHECK(waits.front().acquired);
  CHECK(waits.front().released_by_name == holder_name);
  CHECK(waits.front().released_by_tid == waits.front().holder_tid);
  CHECK(waits.front().end_ns > waits.front().begin_ns);

  // The holder's side: it held the Lock while the waiter waited (Tracy's yellow).
  const TimelineLane* holder_lane = lane_named(timeline, holder_name);
  REQUIRE(holder_lane != nullptr);
  REQUIRE(holder_lane->contended_holds.size() == 1);
  CHECK(holder_lane->contended_holds.front().waiter_name == waiter_name);
  // The holder waited on an Event for the go-ahead.
  CHECK_FALSE(segments_in(holder_lane, TimelineState::event_wait).empty());
  CHECK(lane_named(timeline, waiter_name)->totals.lock_wait_ms > 0);
}

TEST_CASE("Timeline: a wait that times out is a Lock wait that did not acquire", "[timeline]") {
  threadlab::Lock lock("timeline.timeout-lock");
  lock.acquire();
  threadlab::Thread waiter([&] { CHECK_FALSE(lock.acquire(true, 20ms)); }, "timeline-timeout");
  waiter.start();
  REQUIRE(waiter.join(10s));
  lock.release();
  const auto waits = segments_in(lane_named(timeline_now(), "timeline-timeout"), TimelineState::lock_wait);
  REQUIRE(waits.size() == 1);
  CHECK_FALSE(waits.front().acquired);
}

TEST_CASE("Timeline: with recording off, a Lock wait leaves no segment", "[timeline]") {
  threadlab::Lock lock("timeline.off-lock");
  threadlab::set_timeline_recording(false);
  lock.acquire();
  threadlab::Thread waiter([&] { CHECK_FALSE(lock.acquire(true, 10ms)); }, "timeline-off");
  waiter.start();
  REQUIRE(waiter.join(10s));
  lock.release();
  threadlab::set_timeline_recording(true);
  const auto timeline = timeline_now();
  REQUIRE(lane_named(timeline, "timeline-off") != nullptr);  // the thread still shows, as running
  CHECK(segments_in(lane_named(timeline, "timeline-off"), TimelineState::lock_wait).empty());
}

TEST_CASE("Timeline: single-thread mode, the render lane has frames and one job segment with its items",
          "[timeline][lab]") {
  threadlab::LabSettings settings;
  settings.mode = threadlab::Mode::single_thread;
  settings.image_width = 96;
  settings.image_height = 64;
  settings.auto_zoom = false;
  threadlab::Lab lab(settings, {});
  lab.on_frame(threadlab::Clock::now(), threadlab::Millis(0));
  lab.start_job();
  lab.on_frame(threadlab::Clock::now(), threadlab::Millis(16.7));  // runs the whole job here
  lab.on_frame(threadlab::Clock::now(), threadlab::Millis(16.7));
  const auto snapshot = lab.snapshot();
  REQUIRE_FALSE(snapshot.timeline.lanes.empty());
  const TimelineLane& render = snapshot.timeline.lanes.front();
  REQUIRE(render.render);
  CHECK(render.frames_ns.size() >= 3);
  const auto jobs = segments_in(&render, TimelineState::job);
  REQUIRE(jobs.size() >= 1);
  // Every tile of the job was done inside the job segment.
  const auto& job = jobs.back();
  const auto inside = std::count_if(render.items_ns.begin(), render.items_ns.end(),
                                    [&](std::int64_t at) { return at >= job.begin_ns && at <= job.end_ns; });
  CHECK(inside >= static_cast<long>(snapshot.job.items_total > 0 ? snapshot.job.items_total : 24));
}

TEST_CASE("Cancellation latency: a zoom of a running multi-thread job is measured to stop and to first tile",
          "[timeline][lab]") {
  threadlab::LabSettings settings;
  settings.mode = threadlab::Mode::multi_thread;
  settings.workers = 2;
  settings.image_width = 96;
  settings.image_height = 64;
  settings.auto_zoom = false;
  threadlab::Lab lab(settings, {});
  const auto began = std::chrono::steady_clock::now();
  lab.start_job();
  lab.zoom_at(48, 32, 0.8);
  auto cancellations = lab.snapshot().cancellations;
  std::string cause = "zoom";
  if (cancellations.empty()) {
    cause = "restart";
    // The first job may already have finished (a small image on a fast
    // machine): nothing was running to cancel. Restart a running one.
    lab.start_job();
    lab.start_job();
    cancellations = lab.snapshot().cancellations;
  }
  REQUIRE(cancellations.size() == 1);
  CHECK(cancellations.back().cause == cause);
  // The stop took some time, and no more than has passed since the job began.
  const double since_began_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - began).count();
  CHECK(cancellations.back().stop_ms > 0);
  CHECK(cancellations.back().stop_ms <= since_began_ms);
  CHECK(cancellations.back().mode == std::string("multi"));
  wait_until(
      [&] {
        lab.take_finished_tiles();
        return lab.snapshot().cancellations.back().first_tile_ms.has_value();
      },
      "the new job's first tile to reach the UI");
  const auto latency = lab.snapshot().cancellations.back();
  CHECK(*latency.first_tile_ms >= latency.stop_ms);
  const auto summary = threadlab::summarize(lab.snapshot().cancellations);
  CHECK(summary.count == 1);
  CHECK(summary.first_tile_count == 1);
}

TEST_CASE("Timeline: the contention scenario's history has Lock waits naming the holder", "[timeline][scenario]") {
  const auto result = threadlab::run_scenario(threadlab::ScenarioKind::contention,
                                              threadlab::test::scenario_options(false, 0.5, 4));
  REQUIRE_FALSE(result.interrupted);
  const auto timeline = timeline_now();
  std::size_t named_waits = 0;
  for (const auto& lane : timeline.lanes)
    for (const auto& segment : segments_in(&lane, TimelineState::lock_wait))
      if (!segment.holder_name.empty() && !segment.lock_name.empty() && segment.holder_name != lane.name) ++named_waits;
  CHECK(named_waits > 0);
}

TEST_CASE("Timeline ring: a reader never sees a torn or reordered event while the writer laps it", "[timeline]") {
  using Ring = threadlab::detail::TimelineRing<3, 64>;
  Ring ring;
  constexpr std::uint64_t events = 200'000;
  std::atomic<bool> done{false};
  std::thread writer([&] {
    for (std::uint64_t i = 1; i <= events; ++i) ring.push({i, i * 3, i * 7});
    done.store(true);
  });
  std::size_t reads = 0, events_seen = 0;
  bool consistent = true;
  while (!done.load() || reads == 0) {
    std::vector<Ring::Event> out;
    ring.read_newest_first(out, [](const Ring::Event&) { return true; });
    ++reads;
    events_seen += out.size();
    for (std::size_t k = 0; k < out.size(); ++k) {
      const auto& e = out[k];
      if (e[1] != e[0] * 3 || e[2] != e[0] * 7) consistent = false;
      if (k > 0 && e[0] + 1 != out[k - 1][0]) consistent = false;  // newest first, no gaps
    }
    REQUIRE(out.size() <= Ring::capacity);
  }
  writer.join();
  CHECK(consistent);
  std::vector<Ring::Event> last;
  ring.read_newest_first(last, [](const Ring::Event&) { return true; });
  // The oldest slot is the one a writer would overwrite next: a reader
  // cannot tell whether it is under way, so it is never given.
  REQUIRE(last.size() == Ring::capacity - 1);
  CHECK(last.front()[0] == events);
  // A reader can stop early: the first event `keep` rejects is the last one given.
  std::vector<Ring::Event> some;
  ring.read_newest_first(some, [](const Ring::Event& e) { return e[0] > events - 5; });
  CHECK(some.size() == 6);
  INFO("reads " << reads << ", events seen " << events_seen);
}

TEST_CASE("Timeline: in a live deadlock, two lanes wait for a Lock up to now, each held by the other",
          "[timeline][scenario][deadlock]") {
  threadlab::LiveScenario live(threadlab::ScenarioKind::deadlock, threadlab::test::scenario_options(false, 1));
  live.start();
  INFO("the watchdog should confirm the deadlock");
  wait_until([&] { return live.snapshot().awaiting_break; }, "the deadlock page to await \"break deadlock\"");
  const auto timeline = timeline_now();
  std::vector<TimelineSegment> open_waits;  // Lock waits still under way at the timeline's end
  std::vector<std::string> waiters;
  for (const auto& lane : timeline.lanes) {
    if (lane.segments.empty()) continue;
    const auto& last = lane.segments.back();
    if (last.state == TimelineState::lock_wait && last.end_ns == timeline.end_ns) {
      open_waits.push_back(last);
      waiters.push_back(lane.name);
    }
  }
  REQUIRE(open_waits.size() == 2);
  // Each waits for a Lock the other held: the cycle, in time.
  CHECK(open_waits[0].holder_name == waiters[1]);
  CHECK(open_waits[1].holder_name == waiters[0]);
  CHECK(open_waits[0].lock_name != open_waits[1].lock_name);
  live.break_deadlock();
  REQUIRE(live.wait(60s));
}
