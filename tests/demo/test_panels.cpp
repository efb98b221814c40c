// The panels, drawn headless: an ImGui context with a font atlas but no
// window and no GL. ImGui still lays out every window and builds its draw
// lists, so what a user would see can be checked without a screen. Here,
// every panel in one frame: drawn, placed apart, backgrounds, scrolling.

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "../headless_imgui.hpp"
#include "../support/lab_snapshot_builder.hpp"
#include "panel_test_support.hpp"
#include "panels/panels.hpp"

using namespace threadlab;
using namespace threadlab::ui;
using test::app_font_installed;
using test::app_font_path;
using test::busy_lab_snapshot;
using test::Font;
using test::HeadlessImGui;
using test::asks_for_nothing;
using test::draw_every_panel;
using test::panel_window;

namespace {

const ImVec2 display_size = test::default_display_size;

float overlap_area(ImVec2 a_pos, ImVec2 a_size, ImVec2 b_pos, ImVec2 b_size) {
  const float width = std::min(a_pos.x + a_size.x, b_pos.x + b_size.x) - std::max(a_pos.x, b_pos.x);
  const float height = std::min(a_pos.y + a_size.y, b_pos.y + b_size.y) - std::max(a_pos.y, b_pos.y);
  return std::max(width, 0.0f) * std::max(height, 0.0f);
}

}  // namespace

TEST_CASE("Every panel draws its own visible window from a busy lab", "[panels]") {
  HeadlessImGui imgui;
  const LabSnapshot snapshot = busy_lab_snapshot();
  for (int frame = 0; frame < 3; ++frame) draw_every_panel(snapshot);

  const ImDrawData* draw_data = ImGui::GetDrawData();
  REQUIRE(draw_data != nullptr);
  CHECK(draw_data->Valid);
  CHECK(draw_data->TotalVtxCount > 0);
  // Primes is not the workload: its panel takes no room and is not drawn.
  const ImGuiWindow* primes = ImGui::FindWindowByName(panel_title(Panel::primes));
  CHECK((primes == nullptr || !primes->Active));
  for (const Panel panel : all_panels) {
    if (panel == Panel::primes) continue;
    const ImGuiWindow& window = panel_window(panel);
    INFO("panel " << panel_title(panel));
    CHECK(window.Active);
    CHECK_FALSE(window.Hidden);
    CHECK_FALSE(window.Collapsed);
    CHECK(window.Size.x > 0.0f);
    CHECK(window.Size.y > 0.0f);
    CHECK(window.DrawList->VtxBuffer.Size > 0);
  }
}

TEST_CASE("At 1600x900 the panels start inside the window and do not overlap", "[panels]") {
  HeadlessImGui imgui;
  draw_every_panel(busy_lab_snapshot());

  for (const Panel panel : all_panels) {
    if (panel == Panel::primes) continue;  // not the workload: not drawn
    const ImGuiWindow& window = panel_window(panel);
    INFO("panel " << panel_title(panel));
    CHECK(window.Pos.x >= 0.0f);
    CHECK(window.Pos.y >= 0.0f);
    CHECK(window.Pos.x + window.Size.x <= display_size.x);
    CHECK(window.Pos.y + window.Size.y <= display_size.y);
  }
  for (const Panel a : all_panels) {
    for (const Panel b : all_panels) {
      if (a >= b || a == Panel::primes || b == Panel::primes) continue;
      const ImGuiWindow& first = panel_window(a);
      const ImGuiWindow& second = panel_window(b);
      INFO(panel_title(a) << " and " << panel_title(b));
      CHECK(overlap_area(first.Pos, first.Size, second.Pos, second.Size) == 0.0f);
    }
  }
}

TEST_CASE("Panels side by side let the framebuffer clear be their background, overlapping panels draw their own", "[panels]") {
  HeadlessImGui imgui;
  const LabSnapshot snapshot = busy_lab_snapshot();
  for (int frame = 0; frame < 2; ++frame) draw_every_panel(snapshot);
  for (const Panel panel : all_panels) {
    INFO("panel " << panel_title(panel));
    CHECK_FALSE(panel_draws_background(panel));
  }

  // Out of its default cell but overlapping nothing (as in a layout saved
  // at another size): still no background.
  const ImGuiWindow& frames = panel_window(Panel::frames);
  ImGui::SetWindowSize(panel_title(Panel::frames), ImVec2(frames.Size.x, frames.Size.y - 9.0f));
  draw_every_panel(snapshot);
  draw_every_panel(snapshot);
  CHECK_FALSE(panel_draws_background(Panel::frames));

  // Dragged over its neighbours: from the next frame on both it and they
  // paint their backgrounds; the panels it does not touch do not.
  ImGui::SetWindowPos(panel_title(Panel::locks), ImVec2(500.0f, 300.0f));
  draw_every_panel(snapshot);
  draw_every_panel(snapshot);
  CHECK(panel_draws_background(Panel::locks));
  CHECK(panel_draws_background(Panel::mandelbrot));
  CHECK_FALSE(panel_draws_background(Panel::controls));
  CHECK_FALSE(panel_draws_background(Panel::primes));
  const ImVec4 clear = framebuffer_clear_colour();
  CHECK(clear.w == 1.0f);
  CHECK(clear.x < 0.1f);
}

TEST_CASE("At 1600x900 the small panels' content fits without scrolling, the others scroll with a scrollbar", "[panels]") {
  const Font font = GENERATE(Font::imgui_default, Font::app);
  if (font == Font::app && !app_font_installed()) {
    WARN("skipped with the app's font: " << app_font_path << " is not installed");
    return;
  }
  INFO((font == Font::app ? "the app's font" : "ImGui's built-in font"));
  HeadlessImGui imgui(font);
  // Many threads: the Threads table scrolls inside its panel rather than the panel.
  LabSnapshot snapshot = busy_lab_snapshot();
  for (int i = 4; i <= 16; ++i) {
    snapshot.threads.push_back(test::thread_info(test::worker_name(i), test::worker_tid(i), ThreadState::running));
    snapshot.finished_threads.push_back(
        test::thread_info("old-worker-" + std::to_string(i), test::finished_worker_tid(i), ThreadState::finished));
  }
  // Content sizes are measured on one frame and used on the next.
  for (int frame = 0; frame < 3; ++frame) draw_every_panel(snapshot);

  // The view shows its picture first, at its own resolution or larger, and
  // its figures below it; Threads and Locks hold tables that grow with the
  // threads and Locks. They may scroll, with a scrollbar; the rest fit.
  for (const Panel panel : all_panels) {
    if (panel == Panel::primes) continue;  // not the workload: not drawn
    const ImGuiWindow& window = panel_window(panel);
    INFO("panel " << panel_title(panel) << ": content " << window.ContentSize.y << " px high in a "
                  << window.Size.y << " px window");
    if (panel == Panel::mandelbrot || panel == Panel::threads || panel == Panel::locks) {
      if (window.ScrollMax.y > 0.0f) CHECK(window.ScrollbarY);
      if (window.ScrollMax.x > 0.0f) CHECK(window.ScrollbarX);
      continue;
    }
    CHECK(window.ScrollMax.y == 0.0f);
    CHECK(window.ScrollMax.x == 0.0f);
  }
}

TEST_CASE("An empty lab (no threads, locks or samples) draws every panel", "[panels]") {
  HeadlessImGui imgui;
  const LabSnapshot empty;
  for (int frame = 0; frame < 3; ++frame) {
    const FrameRequests requests = draw_every_panel(empty);
    CHECK(asks_for_nothing(requests.controls));
  }
  CHECK(ImGui::GetDrawData()->TotalVtxCount > 0);
  for (const Panel panel : all_panels) {
    if (panel != Panel::primes) CHECK(panel_window(panel).Active);  // primes: not the workload
  }
}

TEST_CASE("The Controls panel asks for nothing when nothing is clicked", "[panels]") {
  HeadlessImGui imgui;
  const LabSnapshot snapshot = busy_lab_snapshot();
  // The mouse rests over the Controls panel without pressing a button.
  const PanelRect controls = default_panel_rect(Panel::controls, display_size);
  ImGui::GetIO().MousePos =
      ImVec2(controls.pos.x + controls.size.x * 0.5f, controls.pos.y + controls.size.y * 0.5f);
  for (int frame = 0; frame < 5; ++frame) {
    const FrameRequests requests = draw_every_panel(snapshot);
    CHECK(asks_for_nothing(requests.controls));
    CHECK_FALSE(requests.view.zoom_at);
    CHECK(requests.view.pan_dx == 0.0);
    CHECK(requests.view.pan_dy == 0.0);
  }
}
