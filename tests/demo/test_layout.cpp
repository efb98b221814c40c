// The layout at the sizes and UI scales users have: from a 1024x640 laptop
// window to a 4K screen, at scale 1, 1.5 and 2 (HiDPI). Drawn headless with
// the font at 16 px x the scale, as the window builds it.

#include <imgui.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "../headless_imgui.hpp"
#include "layout/layout.hpp"
#include "panels/panels.hpp"

using namespace threadlab;
using namespace threadlab::ui;

namespace {

const ImVec2 sizes[] = {{1024, 640}, {1280, 720}, {1600, 900}, {2560, 1440}, {3840, 2160}};
const float scales[] = {1.0f, 1.5f, 2.0f};
const ImVec2 image_size(640.0f, 480.0f);

// An ImGui context as the window makes one at this scale: font, style, size.
class ScaledImGui {
 public:
  ScaledImGui(ImVec2 window, float scale) : context_(ImGui::CreateContext()) {
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = window;
    io.DeltaTime = 1.0f / 60.0f;
    const float pixels = std::round(16.0f * scale);
    if (test::app_font_installed()) {
      io.Fonts->AddFontFromFileTTF(test::app_font_path, pixels);
    } else {
      ImFontConfig config;
      config.SizePixels = pixels;
      io.Fonts->AddFontDefault(&config);
    }
    unsigned char* data = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&data, &w, &h);
    ImGui::GetStyle().ScaleAllSizes(scale);
  }
  ~ScaledImGui() { ImGui::DestroyContext(context_); }
  ScaledImGui(const ScaledImGui&) = delete;
  ScaledImGui& operator=(const ScaledImGui&) = delete;

 private:
  ImGuiContext* context_;
};

LabSnapshot snapshot_with_lanes(WorkloadKind workload, int lanes) {
  LabSnapshot snapshot;
  snapshot.settings.workload = workload;
  snapshot.timeline.end_ns = 20'000'000'000;
  snapshot.timeline.recording = true;
  for (int i = 0; i < lanes; ++i) {
    TimelineLane lane;
    lane.name = i == 0 ? "MainThread" : "a-worker-with-a-rather-long-name-" + std::to_string(i);
    lane.render = i == 0;
    lane.alive = true;
    snapshot.timeline.lanes.push_back(lane);
  }
  return snapshot;
}

void draw_frames(const LabSnapshot& snapshot, int frames) {
  for (int frame = 0; frame < frames; ++frame) {
    ImGui::NewFrame();
    draw_all_panels(snapshot, frame / 60.0, CentreImage{ImTextureID{}, image_size});
    ImGui::Render();
  }
}

bool inside(const PanelRect& r, ImVec2 window) {
  return r.pos.x >= 0 && r.pos.y >= 0 && r.pos.x + r.size.x <= window.x + 0.5f && r.pos.y + r.size.y <= window.y + 0.5f;
}

float overlap(const PanelRect& a, const PanelRect& b) {
  const float w = std::min(a.pos.x + a.size.x, b.pos.x + b.size.x) - std::max(a.pos.x, b.pos.x);
  const float h = std::min(a.pos.y + a.size.y, b.pos.y + b.size.y) - std::max(a.pos.y, b.pos.y);
  return std::max(w, 0.0f) * std::max(h, 0.0f);
}

float area(const PanelRect& r) { return r.size.x * r.size.y; }

}  // namespace

TEST_CASE("At every size and UI scale the panels drawn stay inside the window, apart, the view the largest", "[layout]") {
  for (const ImVec2 window : sizes) {
    for (const float scale : scales) {
      for (const WorkloadKind workload : {WorkloadKind::mandelbrot, WorkloadKind::primes}) {
        ScaledImGui imgui(window, scale);
        draw_frames(snapshot_with_lanes(workload, 6), 3);
        const std::vector<PlacedPanel> panels = placed_panels();
        INFO(window.x << "x" << window.y << " at scale " << scale << ", " << to_string(workload));
        REQUIRE(panels.size() >= 3);
        const PanelRect view = current_layout().rects[static_cast<int>(Panel::mandelbrot)];
        for (const PlacedPanel& panel : panels) {
          INFO(panel.name << " at " << panel.rect.pos.x << "," << panel.rect.pos.y << " size " << panel.rect.size.x
                          << "x" << panel.rect.size.y);
          CHECK(inside(panel.rect, window));
          CHECK(area(panel.rect) <= area(view));
          for (const PlacedPanel& other : panels) {
            if (&other != &panel) CHECK(overlap(panel.rect, other.rect) == 0.0f);
          }
        }
        // The view: at least a fifth of the window, its picture never smaller than the image.
        CHECK(area(view) >= 0.2f * window.x * window.y);
        if (workload == WorkloadKind::mandelbrot) {
          CHECK(view_rect().size.x >= image_size.x);
          CHECK(view_rect().size.y >= image_size.y);
        }
      }
    }
  }
}

TEST_CASE("A panel that is not the current workload's takes no room", "[layout]") {
  LayoutInput input;
  input.window = ImVec2(1600, 900);
  CHECK_FALSE(arrange_panels(input).shown[static_cast<int>(Panel::primes)]);
  input.primes_current = true;
  CHECK(arrange_panels(input).shown[static_cast<int>(Panel::primes)]);
}

TEST_CASE("The arrangement tiles the window above the status line at every size and scale, the view the largest", "[layout]") {
  for (const ImVec2 window : sizes) {
    for (const float scale : scales) {
      LayoutInput input;
      input.window = window;
      input.font_size = std::round(16.0f * scale);
      const Layout layout = arrange_panels(input);
      INFO(window.x << "x" << window.y << " at scale " << scale);
      std::vector<PanelRect> cells{layout.status_line};
      bool host_counted = false;
      for (int i = 0; i < panel_count; ++i) {
        if (!layout.shown[i]) continue;
        if (layout.tabbed[i]) {
          if (host_counted) continue;  // every tab shares one host
          host_counted = true;
          cells.push_back(layout.tab_strip);
        }
        cells.push_back(layout.rects[i]);
      }
      float covered = 0.0f;
      for (std::size_t a = 0; a < cells.size(); ++a) {
        CHECK(inside(cells[a], window));
        covered += area(cells[a]);
        for (std::size_t b = a + 1; b < cells.size(); ++b) CHECK(overlap(cells[a], cells[b]) == 0.0f);
      }
      CHECK(covered == Approx(window.x * window.y).epsilon(0.001));  // no gaps either
      const float view = area(layout.rects[static_cast<int>(Panel::mandelbrot)]);
      for (int i = 0; i < panel_count; ++i) {
        if (layout.shown[i] && i != static_cast<int>(Panel::mandelbrot)) CHECK(area(layout.rects[i]) < view);
      }
      // Scale 1 at 1280x720 and larger is wide: every panel side by side, none in tabs.
      if (scale == 1.0f && window.x >= 1280.0f) CHECK(layout.arrangement == Arrangement::wide);
      if (window.x <= 1024.0f) CHECK(layout.arrangement == Arrangement::compact);
    }
  }
}

TEST_CASE("Timeline lanes are at least 1.25 font heights, however many threads, and scroll beyond the room", "[layout][timeline]") {
  for (const float font : {16.0f, 24.0f, 32.0f}) {
    for (const std::size_t lanes : {std::size_t{1}, std::size_t{5}, std::size_t{13}, std::size_t{40}}) {
      for (const float room : {30.0f, 120.0f, 400.0f}) {
        const float height = timeline_lane_height(room, lanes, font);
        INFO(lanes << " lanes in " << room << " px at a " << font << " px font");
        CHECK(height >= 1.25f * font);
        CHECK(height <= 2.0f * font);
      }
    }
  }
  // Room to spare: lanes grow to share it, up to two font heights.
  CHECK(timeline_lane_height(300.0f, 5, 16.0f) == 32.0f);
}

TEST_CASE("fit_keeping_aspect fills the room along one side and keeps the image's shape", "[panels]") {
  const ImVec2 wide_room = fit_keeping_aspect(ImVec2(640.0f, 480.0f), ImVec2(1000.0f, 300.0f));
  CHECK(wide_room.y == 300.0f);
  CHECK(wide_room.x == 400.0f);
  const ImVec2 tall_room = fit_keeping_aspect(ImVec2(640.0f, 480.0f), ImVec2(320.0f, 1000.0f));
  CHECK(tall_room.x == 320.0f);
  CHECK(tall_room.y == 240.0f);
  // No room at all still gives an item ImGui accepts.
  const ImVec2 no_room = fit_keeping_aspect(ImVec2(640.0f, 480.0f), ImVec2(-5.0f, 0.0f));
  CHECK(no_room.x >= 1.0f);
  CHECK(no_room.y >= 1.0f);
}
