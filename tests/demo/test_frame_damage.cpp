// What the window draws again each frame (drawing/frame_damage.hpp): only
// what changed, panels of figures at most ten times a second, and the whole
// display when in doubt.

#include <imgui.h>

#include <catch2/catch.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "../headless_imgui.hpp"
#include "panels/panels.hpp"
#include "drawing/frame_damage.hpp"

using namespace threadlab;
using namespace threadlab::app;

namespace {

const PixelRect display{0, 0, 1600, 900};
constexpr double period_s = 0.1;

DrawListSummary list(std::string owner, PixelRect extent, std::uint64_t hash) {
  return {std::move(owner), extent, hash, {}, nullptr};
}

// "Controls" is a panel of figures; "Frames" and "Tooltip" are not.
FrameDamage damage_tracker() {
  return FrameDamage([](std::string_view owner) { return owner == "Controls" ? period_s : 0.0; });
}

FrameInput frame_at(double now_s, std::vector<DrawListSummary> lists) {
  FrameInput frame;
  frame.lists = std::move(lists);
  frame.display = display;
  frame.now_s = now_s;
  return frame;
}

const PixelRect controls_rect{0, 0, 360, 450};
const PixelRect frames_rect{1016, 0, 1600, 405};

}  // namespace

namespace Catch {
template <>
struct StringMaker<PixelRect> {
  static std::string convert(const PixelRect& r) {
    return "(" + std::to_string(r.x0) + "," + std::to_string(r.y0) + ")-(" + std::to_string(r.x1) + "," +
           std::to_string(r.y1) + ")";
  }
};
}  // namespace Catch

TEST_CASE("The first frame is drawn whole, an unchanged frame draws nothing", "[damage]") {
  FrameDamage damage = damage_tracker();
  const std::vector<DrawListSummary> lists{list("Controls", controls_rect, 1), list("Frames", frames_rect, 2)};
  CHECK(damage.next(frame_at(0.0, lists)) == std::vector<PixelRect>{display});
  CHECK(damage.next(frame_at(0.016, lists)).empty());
  damage.forget();
  CHECK(damage.next(frame_at(0.033, lists)) == std::vector<PixelRect>{display});
}

TEST_CASE("A changed draw list is drawn again, and only it", "[damage]") {
  FrameDamage damage = damage_tracker();
  damage.next(frame_at(0.0, {list("Controls", controls_rect, 1), list("Frames", frames_rect, 2)}));
  CHECK(damage.next(frame_at(0.016, {list("Controls", controls_rect, 1), list("Frames", frames_rect, 3)})) ==
        std::vector<PixelRect>{frames_rect});
}

TEST_CASE("A panel of figures shows its last drawing for at most a tenth of a second", "[damage]") {
  FrameDamage damage = damage_tracker();
  damage.next(frame_at(0.0, {list("Controls", controls_rect, 1)}));
  SECTION("its changes wait for the period, then the latest is drawn") {
    CHECK(damage.next(frame_at(0.05, {list("Controls", controls_rect, 2)})).empty());
    CHECK(damage.next(frame_at(0.08, {list("Controls", controls_rect, 3)})).empty());
    CHECK(damage.next(frame_at(0.10, {list("Controls", controls_rect, 4)})) == std::vector<PixelRect>{controls_rect});
    // Drawn at 0.10: the next change waits until 0.20.
    CHECK(damage.next(frame_at(0.15, {list("Controls", controls_rect, 5)})).empty());
    CHECK(damage.next(frame_at(0.21, {list("Controls", controls_rect, 5)})) == std::vector<PixelRect>{controls_rect});
    CHECK(damage.next(frame_at(0.40, {list("Controls", controls_rect, 5)})).empty());
  }
  SECTION("under the mouse it is drawn at once") {
    FrameInput frame = frame_at(0.05, {list("Controls", controls_rect, 2)});
    frame.mouse = ImVec2(100.0f, 100.0f);
    CHECK(damage.next(frame) == std::vector<PixelRect>{controls_rect});
  }
  SECTION("after a key press it is drawn at once") {
    FrameInput frame = frame_at(0.05, {list("Controls", controls_rect, 2)});
    frame.user_input = true;
    CHECK(damage.next(frame) == std::vector<PixelRect>{controls_rect});
  }
  SECTION("moved, it is drawn at once, and where it was is cleared") {
    const PixelRect moved{10, 10, 370, 460};
    CHECK(damage.next(frame_at(0.05, {list("Controls", moved, 1)})) == std::vector<PixelRect>{controls_rect, moved});
  }
}

TEST_CASE("A window that goes leaves its rectangle to be drawn again", "[damage]") {
  FrameDamage damage = damage_tracker();
  const PixelRect tooltip_rect{1100, 100, 1300, 140};
  damage.next(frame_at(0.0, {list("Frames", frames_rect, 1)}));
  CHECK(damage.next(frame_at(0.016, {list("Frames", frames_rect, 1), list("Tooltip", tooltip_rect, 7)})) ==
        std::vector<PixelRect>{tooltip_rect});
  CHECK(damage.next(frame_at(0.033, {list("Frames", frames_rect, 1)})) == std::vector<PixelRect>{tooltip_rect});
}

TEST_CASE("A texture whose pixels changed redraws the lists that sample it", "[damage]") {
  FrameDamage damage = damage_tracker();
  const PixelRect view_rect{360, 0, 1016, 450};
  DrawListSummary view = list("Mandelbrot", view_rect, 1);
  view.textures = {reinterpret_cast<ImTextureID>(std::uintptr_t{5})};
  damage.next(frame_at(0.0, {view, list("Frames", frames_rect, 1)}));
  FrameInput frame = frame_at(0.016, {view, list("Frames", frames_rect, 1)});
  frame.changed_textures = {{reinterpret_cast<ImTextureID>(std::uintptr_t{5})}};
  CHECK(damage.next(frame) == std::vector<PixelRect>{view_rect});
  frame.changed_textures = {{reinterpret_cast<ImTextureID>(std::uintptr_t{6})}};
  CHECK(damage.next(frame).empty());
}

TEST_CASE("A waiting panel that a neighbour's redraw reached into is drawn whole at its next chance", "[damage]") {
  FrameDamage damage = damage_tracker();
  // The tooltip lies over the corner of Controls.
  const PixelRect tooltip_rect{300, 400, 500, 440};
  damage.next(frame_at(0.0, {list("Controls", controls_rect, 1)}));
  CHECK(damage.next(frame_at(0.02, {list("Controls", controls_rect, 2), list("Tooltip", tooltip_rect, 1)})) ==
        std::vector<PixelRect>{tooltip_rect});
  // Controls did not change again, but its corner shows the newer drawing.
  CHECK(damage.next(frame_at(0.05, {list("Controls", controls_rect, 2), list("Tooltip", tooltip_rect, 1)})).empty());
  CHECK(damage.next(frame_at(0.11, {list("Controls", controls_rect, 2), list("Tooltip", tooltip_rect, 1)})) ==
        std::vector<PixelRect>{controls_rect});
}

TEST_CASE("When most of the display changes, one whole pass replaces many", "[damage]") {
  FrameDamage damage = damage_tracker();
  const PixelRect left{0, 0, 800, 900}, right{800, 0, 1600, 900};
  damage.next(frame_at(0.0, {list("Left", left, 1), list("Right", right, 1)}));
  CHECK(damage.next(frame_at(0.016, {list("Left", left, 2), list("Right", right, 1)})) == std::vector<PixelRect>{left});
  CHECK(damage.next(frame_at(0.033, {list("Left", left, 3), list("Right", right, 2)})) == std::vector<PixelRect>{display});
}

TEST_CASE("A draw list's summary: its window's rectangle, and a hash that follows what it draws", "[damage]") {
  test::HeadlessImGui imgui;
  auto draw = [](const char* text, ImVec2 pos) {
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(pos);
    ImGui::SetNextWindowSize(ImVec2(300.0f, 200.0f));
    ImGui::Begin("Summary window");
    ImGui::TextUnformatted(text);
    ImGui::End();
    ImGui::Render();
    for (const DrawListSummary& summary : summarize_draw_data(*ImGui::GetDrawData())) {
      if (summary.owner == "Summary window") return summary;
    }
    FAIL("no draw list for the window");
    return DrawListSummary{};
  };
  draw("12 items", ImVec2(100.0f, 50.0f));  // a window's first frame sizes it
  const DrawListSummary first = draw("12 items", ImVec2(100.0f, 50.0f));
  // Not the whole display (root windows clip their title bar to it): the
  // window, give or take its anti-aliased border.
  CHECK(first.extent.x0 >= 97);
  CHECK(first.extent.y0 >= 47);
  CHECK(first.extent.x1 <= 403);
  CHECK(first.extent.y1 <= 253);
  CHECK(first.extent.area() >= 290 * 190);
  CHECK(draw("12 items", ImVec2(100.0f, 50.0f)).content_hash == first.content_hash);
  CHECK(draw("13 items", ImVec2(100.0f, 50.0f)).content_hash != first.content_hash);
  const DrawListSummary moved = draw("12 items", ImVec2(120.0f, 50.0f));
  CHECK(moved.extent.x0 >= 117);
  CHECK(moved.extent != first.extent);
}

TEST_CASE("The panels of figures are Controls, CPU cores, Threads, Locks, Primes and Frames, with their tables", "[damage]") {
  using ui::Panel;
  for (const Panel panel : {Panel::controls, Panel::cores, Panel::threads, Panel::locks, Panel::primes, Panel::frames}) {
    INFO(ui::panel_title(panel));
    CHECK(ui::panel_shows_figures(ui::panel_title(panel)));
    CHECK(ui::panel_shows_figures(std::string(ui::panel_title(panel)) + "/table_0123ABCD"));
  }
  for (const Panel panel : {Panel::heartbeat, Panel::mandelbrot, Panel::timeline, Panel::scenario}) {
    INFO(ui::panel_title(panel));
    CHECK_FALSE(ui::panel_shows_figures(ui::panel_title(panel)));
  }
  CHECK_FALSE(ui::panel_shows_figures("Controlsx"));
  CHECK_FALSE(ui::panel_shows_figures("##Tooltip_00"));
}

TEST_CASE("Figures wait a tenth of a second, the Timeline's lanes a thirtieth, the rest nothing", "[damage]") {
  using ui::Panel;
  CHECK(ui::panel_redraw_period_s(ui::panel_title(Panel::frames)) == Approx(0.1));
  CHECK(ui::panel_redraw_period_s(std::string(ui::panel_title(Panel::timeline)) + "/##timeline-lanes-view_34F9DB19") ==
        Approx(1.0 / 30.0));
  for (const Panel panel : {Panel::heartbeat, Panel::mandelbrot, Panel::scenario}) {
    INFO(ui::panel_title(panel));
    CHECK(ui::panel_redraw_period_s(ui::panel_title(panel)) == 0.0);
  }
  CHECK(ui::panel_redraw_period_s("##Tooltip_00") == 0.0);
}
