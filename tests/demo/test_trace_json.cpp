// The trace (Chrome Trace Event JSON, for Perfetto): a contended Lock gives
// a flow arrow from the thread that released it to the waiter it woke; a
// long session stays under 50 MB, older history dropped with a note; a
// thread's slices nest.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

#include "../wait_until.hpp"
#include "output/trace/trace_json.hpp"
#include "output/trace/trace_recorder.hpp"
#include "threadlab/threading.hpp"

using namespace threadlab;
using namespace threadlab::app;
using threadlab::testing::wait_until;

namespace {

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

ThreadState state_of(std::int64_t tid) {
  for (const ThreadInfo& info : threadlab::enumerate())
    if (info.native_id == tid) return info.state;
  return ThreadState::finished;
}

// Every "X" slice of one thread, [begin, end] in ns, must nest.
bool slices_nest(const nlohmann::json& events) {
  std::map<std::int64_t, std::vector<std::pair<double, double>>> by_tid;
  for (const auto& e : events)
    if (e.at("ph") == "X") {
      const double begin = std::stod(e.at("ts").dump()) * 1000, end = begin + std::stod(e.at("dur").dump()) * 1000;
      by_tid[e.at("tid").get<std::int64_t>()].emplace_back(begin, end);
    }
  for (auto& [tid, slices] : by_tid) {
    std::sort(slices.begin(), slices.end(), [](auto a, auto b) { return a.first < b.first || (a.first == b.first && a.second > b.second); });
    std::vector<double> open_ends;
    for (const auto& [begin, end] : slices) {
      while (!open_ends.empty() && open_ends.back() <= begin + 0.5) open_ends.pop_back();
      if (!open_ends.empty() && end > open_ends.back() + 0.5) return false;
      open_ends.push_back(end);
    }
  }
  return true;
}

}  // namespace

TEST_CASE("A contended Lock gives a flow from the thread that released it to the waiter it woke", "[trace]") {
  Lock lock{"trace-test"};
  Event held, let_go;
  Thread holder([&] {
    lock.acquire();
    held.set();
    let_go.wait();
    lock.release();
  }, "trace-holder");
  Thread waiter([&] {
    lock.acquire();
    lock.release();
  }, "trace-waiter");
  const std::int64_t began = now_ns();
  holder.start();
  wait_until([&] { return held.is_set(); }, "the holder to take the Lock");
  waiter.start();
  wait_until([&] { return state_of(waiter.native_id()) == ThreadState::waiting_for_lock; },
             "the waiter to block on the Lock");
  let_go.set();
  REQUIRE(holder.join(std::chrono::seconds(10)));
  REQUIRE(waiter.join(std::chrono::seconds(10)));

  TraceRecorder trace("test");
  const std::int64_t now = now_ns();
  trace.add_timeline(take_timeline(std::chrono::nanoseconds(now - began + 1'000'000), {}, 0, now), 0);
  const auto json = nlohmann::json::parse(trace_json_text(trace.take()));
  const auto& events = json.at("traceEvents");
  std::map<std::uint64_t, std::int64_t> starts, ends;
  for (const auto& e : events) {
    if (e.at("ph") == "s") starts[e.at("id").get<std::uint64_t>()] = e.at("tid").get<std::int64_t>();
    if (e.at("ph") == "f") ends[e.at("id").get<std::uint64_t>()] = e.at("tid").get<std::int64_t>();
  }
  bool found = false;
  for (const auto& [id, from] : starts)
    found = found || (from == holder.native_id() && ends.count(id) && ends[id] == waiter.native_id());
  CHECK(found);
  bool wait_named = false;
  for (const auto& e : events)
    if (e.at("ph") == "X" && e.at("tid") == waiter.native_id() && e.at("name") == "blocked on Lock trace-test")
      wait_named = e.at("args").at("released_by").get<std::string>().find("trace-holder") != std::string::npos;
  CHECK(wait_named);
  CHECK(slices_nest(events));
}

TEST_CASE("Ten busy minutes stay under 50 MB: the oldest history goes, and the trace says so", "[trace]") {
  TraceRecorder trace("ten minutes");
  constexpr std::int64_t second = 1'000'000'000;
  std::int64_t t = 5 * second;
  for (int s = 0; s < 600; ++s) {
    // Four workers, each 250 Lock waits a second, and their samples.
    TimelineSnapshot snapshot;
    snapshot.begin_ns = t;
    snapshot.end_ns = t + second + 1;
    for (int w = 0; w < 4; ++w) {
      TimelineLane lane;
      lane.name = "worker-" + std::to_string(w);
      lane.tids = {100 + w};
      for (int i = 0; i < 250; ++i) {
        const std::int64_t begin = t + i * (second / 250);
        TimelineSegment running;
        running.begin_ns = begin;
        running.end_ns = begin + second / 500;
        running.tid = 100 + w;
        TimelineSegment wait = running;
        wait.begin_ns = running.end_ns;
        wait.end_ns = begin + second / 250;
        wait.state = TimelineState::lock_wait;
        wait.lock_id = 7;
        wait.lock_name = "tile_queue";
        wait.holder_tid = wait.released_by_tid = 100 + (w + 1) % 4;
        wait.holder_name = wait.released_by_name = "worker";
        lane.segments.push_back(running);
        lane.segments.push_back(wait);
      }
      snapshot.lanes.push_back(std::move(lane));
    }
    trace.add_timeline(snapshot, 1);
    t += second;
  }
  const auto recording = trace.take();
  const std::string text = trace_json_text(recording);
  INFO("trace of " << text.size() / 1e6 << " MB");
  CHECK(text.size() < 50'000'000);
  CHECK(text.size() > 20'000'000);  // the budget is used, not thrown away
  CHECK(recording.dropped_items > 0);
  const auto json = nlohmann::json::parse(text);
  CHECK(json.at("metadata").at("threadlab").at("dropped_items").get<std::uint64_t>() == recording.dropped_items);
  CHECK(json.at("metadata").at("threadlab").at("note").get<std::string>().find("dropped") != std::string::npos);
  // The kept history is the newest: it reaches the end of the ten minutes.
  CHECK(recording.end_ns - recording.begin_ns < std::int64_t(600) * second);
  CHECK(recording.end_ns >= t);
}
