// A scenario page in the panels, drawn headless: the Scenario panel in the
// Mandelbrot view's place, and the points the e2e tests click.

#include <imgui.h>
#include <imgui_internal.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "../headless_imgui.hpp"
#include "../support/lab_snapshot_builder.hpp"
#include "click_points.hpp"
#include "panel_test_support.hpp"
#include "panels/panels.hpp"
#include "threadlab/scenarios/figure_names.hpp"

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

// The deadlock page while the two threads are stuck, waiting for "break deadlock".
LabSnapshot deadlocked_snapshot() {
  LabSnapshot snapshot = busy_lab_snapshot();
  ScenarioSnapshot scenario;
  scenario.current.kind = ScenarioKind::deadlock;
  scenario.current.name = "deadlock";
  scenario.current.figures = {{threadlab::figure::detection_ms, 100.0}};
  scenario.current.cycles.push_back(DeadlockCycle{{LockOrderStep{"takes-A-then-B", 11, {1, "A"}, {2, "B"}},
                                                   LockOrderStep{"takes-B-then-A", 12, {2, "B"}, {1, "A"}}}});
  for (const char* name : {"takes-A-then-B", "takes-B-then-A"}) {
    ScenarioThreadRow row;
    row.name = name;
    row.role = "worker";
    row.acquisitions = 1;
    row.alive = true;
    scenario.current.threads.push_back(row);
  }
  scenario.started = scenario.running = scenario.awaiting_break = true;
  scenario.progress = 0.5;
  scenario.phase = "deadlocked: waiting for \"break deadlock\"";
  snapshot.scenario = scenario;
  return snapshot;
}

}  // namespace

TEST_CASE("On a scenario page the Scenario panel takes the Mandelbrot view's place, and fits", "[panels][scenario]") {
  HeadlessImGui imgui;
  const LabSnapshot snapshot = deadlocked_snapshot();
  for (int frame = 0; frame < 3; ++frame) draw_every_panel(snapshot);

  REQUIRE(page_of(snapshot) == Page{ScenarioKind::deadlock});
  const ImGuiWindow& scenario = panel_window(Panel::scenario);
  const PanelRect cell = current_layout().rects[static_cast<int>(Panel::scenario)];
  CHECK(scenario.Active);
  CHECK(scenario.Pos.x == cell.pos.x);
  CHECK(scenario.Pos.y == cell.pos.y);
  CHECK(scenario.Size.x == cell.size.x);
  CHECK(scenario.Size.y == cell.size.y);
  const ImGuiWindow* mandelbrot = ImGui::FindWindowByName(panel_title(Panel::mandelbrot));
  CHECK((mandelbrot == nullptr || !mandelbrot->Active));
  // The controls for the job are there but greyed out; nothing is asked for.
  CHECK(asks_for_nothing(draw_every_panel(snapshot).controls));
}

TEST_CASE("Without a scenario the page is the responsiveness one", "[panels][scenario]") {
  REQUIRE(page_of(busy_lab_snapshot()) == Page{});
  REQUIRE_FALSE(page_of(busy_lab_snapshot()).scenario.has_value());
}

namespace {

// A click (press, then release) at `point` on a 1600x900 window drawn with
// the app's font, as xdotool gives it to the real window; returns the frame
// of the release.
FrameRequests click_at(ImVec2 point, const LabSnapshot& snapshot) {
  ImGuiIO& io = ImGui::GetIO();
  for (int frame = 0; frame < 3; ++frame) draw_every_panel(snapshot);  // the layout settles
  io.MousePos = point;
  draw_every_panel(snapshot);
  io.MouseDown[0] = true;
  draw_every_panel(snapshot);
  io.MouseDown[0] = false;
  return draw_every_panel(snapshot);
}

}  // namespace

// tests/e2e/xdotool_drive.sh and xdotool_deadlock.sh click these points
// (tests/data/click_points.txt) in the real window: if the layout moves a
// button, this says so first.
TEST_CASE("The e2e tests' click points hit Compare modes and Break deadlock at 1600x900", "[panels][e2e]") {
  if (!app_font_installed()) {
    WARN("[skipped] " << app_font_path << " is not installed");
    return;
  }
  HeadlessImGui imgui(Font::app);
  CHECK(click_at(test::click_point("compare_modes"), busy_lab_snapshot()).controls.compare);
  CHECK(click_at(test::click_point("break_deadlock"), deadlocked_snapshot()).scenario.break_deadlock);
}
