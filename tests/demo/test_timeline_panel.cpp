// The Timeline panel, headless: segments become at most one rectangle per
// pixel column, a Lock wait shorter than a pixel still shows, and the panel's
// drawing does not grow with the number of segments it is given.

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <catch2/catch.hpp>

#include "../headless_imgui.hpp"
#include "panels/panels.hpp"
#include "widgets/timeline_spans.hpp"

using namespace threadlab;
using namespace threadlab::ui;

namespace {

constexpr std::int64_t second = 1'000'000'000;
using threadlab::test::HeadlessImGui;


TimelineSegment segment(std::int64_t from, std::int64_t to, TimelineState state) {
  TimelineSegment out;
  out.begin_ns = from;
  out.end_ns = to;
  out.state = state;
  return out;
}

// `lanes` worker lanes over 10 s, each cut into `per_lane` segments that
// alternate running and waiting for a Lock held by the next lane.
TimelineSnapshot timeline_with_segments(int lanes, int per_lane) {
  TimelineSnapshot timeline;
  timeline.end_ns = 100 * second;
  timeline.begin_ns = timeline.end_ns - 10 * second;
  for (int l = 0; l < lanes; ++l) {
    TimelineLane lane;
    lane.name = "worker-" + std::to_string(l + 1);
    lane.alive = true;
    lane.render = l == 0;
    const std::int64_t step = 10 * second / per_lane;
    for (int i = 0; i < per_lane; ++i) {
      TimelineSegment s = segment(timeline.begin_ns + i * step, timeline.begin_ns + (i + 1) * step,
                                  i % 2 ? TimelineState::lock_wait : TimelineState::running);
      if (s.state == TimelineState::lock_wait) {
        s.lock_name = "queue";
        s.holder_name = "worker-" + std::to_string((l + 1) % lanes + 1);
      }
      lane.segments.push_back(std::move(s));
    }
    if (lane.render)
      for (int f = 0; f < 600; ++f) lane.frames_ns.push_back(timeline.begin_ns + f * second / 60);
    timeline.lanes.push_back(std::move(lane));
  }
  return timeline;
}

int timeline_vertices(const TimelineSnapshot& timeline) {
  for (int frame = 0; frame < 3; ++frame) {
    ImGui::NewFrame();
    draw_timeline_panel(timeline);
    ImGui::Render();
  }
  ImGuiWindow* window = ImGui::FindWindowByName(panel_title(Panel::timeline));
  REQUIRE(window != nullptr);
  CHECK(window->Active);
  CHECK(window->ScrollMax.y == 0.0f);
  // The panel and its child (the lanes, which scroll on their own).
  int vertices = 0;
  for (ImGuiWindow* each : ImGui::GetCurrentContext()->Windows)
    if (each->RootWindow == window && each->Active) vertices += each->DrawList->VtxBuffer.Size;
  return vertices;
}

}  // namespace

TEST_CASE("pixel_spans: a hundred thousand segments become at most one span per pixel column", "[timeline]") {
  std::vector<TimelineSegment> segments;
  constexpr int count = 100'000;
  const std::int64_t step = 10 * second / count;
  // Three parts running to one part waiting on an Event, far finer than a pixel.
  for (int i = 0; i < count; ++i)
    segments.push_back(segment(i * step, (i + 1) * step, i % 4 == 3 ? TimelineState::event_wait : TimelineState::running));
  // A wait of one nanosecond in the middle: it must not vanish.
  segments.insert(segments.begin() + count / 2, segment(5 * second, 5 * second + 1, TimelineState::lock_wait));
  constexpr int width = 500;
  const auto lane = pixel_spans(segments, 0, double(10 * second) / width, width);
  // Each column is mostly running: one span, not one per segment.
  REQUIRE(lane.spans.size() == 1);
  CHECK(lane.spans.front() == PixelSpan{0, width, TimelineState::running});
  // The short wait is a mark at its column.
  REQUIRE(lane.short_waits.size() == 1);
  CHECK(lane.short_waits.front() == PixelSpan{250, 251, TimelineState::lock_wait});
}

TEST_CASE("pixel_spans: a column takes the state that filled most of it", "[timeline]") {
  // Within each 10 ns column: 7 ns blocked on a Lock, 3 ns running.
  std::vector<TimelineSegment> segments;
  for (int x = 0; x < 20; ++x) {
    segments.push_back(segment(x * 10, x * 10 + 7, TimelineState::lock_wait));
    segments.push_back(segment(x * 10 + 7, x * 10 + 10, TimelineState::running));
  }
  const auto lane = pixel_spans(segments, 0, 10.0, 20);
  REQUIRE(lane.spans.size() == 1);
  CHECK(lane.spans.front() == PixelSpan{0, 20, TimelineState::lock_wait});
  CHECK(lane.short_waits.empty());
}

TEST_CASE("pixel_spans: long segments keep their edges and leave no gap between them", "[timeline]") {
  const std::vector<TimelineSegment> segments = {segment(0, 2 * second, TimelineState::running),
                                                 segment(2 * second, 3 * second, TimelineState::lock_wait),
                                                 segment(3 * second, 10 * second, TimelineState::event_wait)};
  const auto lane = pixel_spans(segments, 0, double(second) / 50.0, 500);  // 50 px a second
  REQUIRE(lane.spans.size() == 3);
  CHECK(lane.spans[0] == PixelSpan{0, 100, TimelineState::running});
  CHECK(lane.spans[1] == PixelSpan{100, 150, TimelineState::lock_wait});
  CHECK(lane.spans[2] == PixelSpan{150, 500, TimelineState::event_wait});
}

TEST_CASE("The Timeline panel's drawing does not grow with the number of segments", "[timeline][panels]") {
  HeadlessImGui imgui;
  // Ten times the segments, once they outnumber the lane's pixel columns:
  // at most one span per column, so hardly more to draw.
  const int few = timeline_vertices(timeline_with_segments(6, 10'000));
  const int many = timeline_vertices(timeline_with_segments(6, 100'000));
  INFO("vertices with 10,000 segments a lane: " << few << ", with 100,000: " << many);
  CHECK(few > 0);
  CHECK(many < few * 3 / 2);
}

TEST_CASE("The Timeline panel draws an empty lab, and says it has no history", "[timeline][panels]") {
  HeadlessImGui imgui;
  const TimelineSnapshot empty;
  for (int frame = 0; frame < 2; ++frame) {
    ImGui::NewFrame();
    draw_timeline_panel(empty);
    ImGui::Render();
  }
  ImGuiWindow* window = ImGui::FindWindowByName(panel_title(Panel::timeline));
  REQUIRE(window != nullptr);
  CHECK(window->Active);
}

TEST_CASE("Hovering a blocked stretch of a lane opens its tooltip", "[timeline][panels]") {
  HeadlessImGui imgui;
  TimelineSnapshot timeline = timeline_with_segments(2, 2);  // each lane: running, then blocked for the last 5 s
  const auto draw = [&] {
    ImGui::NewFrame();
    draw_timeline_panel(timeline);
    ImGui::Render();
  };
  draw();
  ImGuiWindow* window = ImGui::FindWindowByName(panel_title(Panel::timeline));
  REQUIRE(window != nullptr);
  const auto tooltip_open = [] {
    ImGuiWindow* tip = ImGui::FindWindowByName("##Tooltip_00");
    return tip != nullptr && tip->Active;
  };
  // Down the right part of the panel (the last seconds: blocked) until a lane is under the mouse.
  bool opened = false;
  for (float y = window->Pos.y; y < window->Pos.y + window->Size.y && !opened; y += 3.0f) {
    ImGui::GetIO().MousePos = ImVec2(window->Pos.x + window->Size.x * 0.8f, y);
    draw();
    draw();
    opened = tooltip_open();
  }
  CHECK(opened);
  // Away from the panel: no tooltip.
  ImGui::GetIO().MousePos = ImVec2(5.0f, 5.0f);
  draw();
  draw();
  CHECK_FALSE(tooltip_open());
}
