// What changed inside one draw list (drawing/draw_list_geometry.hpp) and
// the few rectangles a frame's changes are gathered into
// (drawing/pixel_rect.hpp): a figure that ticks is redrawn, not its panel.

#include <imgui.h>

#include <catch2/catch.hpp>
#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "../headless_imgui.hpp"
#include "drawing/draw_list_geometry.hpp"
#include "drawing/frame_damage.hpp"
#include "drawing/pixel_rect.hpp"

using namespace threadlab;
using namespace threadlab::app;

namespace {

// One frame of a 400x300 window at (100, 50) drawn by `body`; its draw list.
DrawListGeometry draw_window(const std::function<void()>& body) {
  ImGui::NewFrame();
  ImGui::SetNextWindowPos(ImVec2(100.0f, 50.0f));
  ImGui::SetNextWindowSize(ImVec2(400.0f, 300.0f));
  ImGui::Begin("Geometry window");
  body();
  ImGui::End();
  ImGui::Render();
  const ImDrawData& data = *ImGui::GetDrawData();
  for (int l = 0; l < data.CmdListsCount; ++l) {
    const char* owner = data.CmdLists[l]->_OwnerName;
    if (owner != nullptr && std::string(owner) == "Geometry window") return capture_geometry(*data.CmdLists[l]);
  }
  FAIL("no draw list for the window");
  return {};
}

void three_lines(const char* middle) {
  ImGui::TextUnformatted("Jobs completed 4");
  ImGui::TextUnformatted(middle);
  ImGui::TextUnformatted("Throughput 3,102 items/s");
  ImGui::ProgressBar(0.5f, ImVec2(300.0f, 0.0f));
}

const ImTextureID picture = reinterpret_cast<ImTextureID>(std::uintptr_t{42});

}  // namespace

TEST_CASE("A figure that changes in the middle of a panel is all that changed", "[damage]") {
  test::HeadlessImGui imgui;
  draw_window([] { three_lines("Items done 5,552"); });  // a window's first frame sizes it
  const DrawListGeometry before = draw_window([] { three_lines("Items done 5,552"); });
  const DrawListGeometry same = draw_window([] { three_lines("Items done 5,552"); });
  const DrawListGeometry longer = draw_window([] { three_lines("Items done 15,552 (running)"); });

  const std::optional<PixelRect> nothing = changed_area(before, same);
  REQUIRE(nothing.has_value());
  CHECK(nothing->empty());

  const std::optional<PixelRect> line = changed_area(before, longer);
  REQUIRE(line.has_value());
  // The second line of text only: one line high, inside the window, not the
  // lines above and below it nor the bar.
  const float line_height = ImGui::GetTextLineHeightWithSpacing();
  INFO("changed " << line->x0 << "," << line->y0 << "-" << line->x1 << "," << line->y1 << " window at y 50, line height " << line_height);
  CHECK(line->area() > 0);
  CHECK(line->x0 >= 100);
  CHECK(line->x1 <= 500);
  CHECK(float(line->y1 - line->y0) <= line_height + 4.0f);
  CHECK(float(line->area()) < 0.1f * 400.0f * 300.0f);
}

TEST_CASE("A bar that grows redraws the bar, a change of clipping redraws all", "[damage]") {
  test::HeadlessImGui imgui;
  auto bar = [](float fraction, float clip_right) {
    return [=] {
      ImGui::TextUnformatted("Job: Mandelbrot 640x480");
      ImGui::PushClipRect(ImVec2(100.0f, 50.0f), ImVec2(clip_right, 350.0f), true);
      ImGui::ProgressBar(fraction, ImVec2(300.0f, 0.0f));
      ImGui::PopClipRect();
    };
  };
  draw_window(bar(0.25f, 450.0f));
  const DrawListGeometry quarter = draw_window(bar(0.25f, 450.0f));
  const std::optional<PixelRect> grown = changed_area(quarter, draw_window(bar(0.75f, 450.0f)));
  REQUIRE(grown.has_value());
  CHECK(grown->area() > 0);
  CHECK(grown->y0 > 50 + int(ImGui::GetTextLineHeight()));  // below the title and the text line
  // Clipped differently, the same drawing is not the same list.
  CHECK_FALSE(changed_area(quarter, draw_window(bar(0.25f, 420.0f))).has_value());
}

TEST_CASE("Changed texels of a picture are redrawn where the picture shows them", "[damage]") {
  test::HeadlessImGui imgui;
  auto image = [] { ImGui::Image(picture, ImVec2(200.0f, 100.0f)); };
  draw_window(image);
  const DrawListGeometry shown = draw_window(image);
  // The picture's top-left quarter, a 100x50 rectangle of the window.
  const std::optional<PixelRect> quarter = texture_area(shown, picture, ImVec4(0.0f, 0.0f, 0.5f, 0.5f));
  REQUIRE(quarter.has_value());
  CHECK(quarter->x1 - quarter->x0 >= 100);
  CHECK(quarter->x1 - quarter->x0 <= 103);
  CHECK(quarter->y1 - quarter->y0 >= 50);
  CHECK(quarter->y1 - quarter->y0 <= 53);
  // Another texture's change is nowhere here.
  const std::optional<PixelRect> elsewhere =
      texture_area(shown, reinterpret_cast<ImTextureID>(std::uintptr_t{7}), ImVec4(0.0f, 0.0f, 1.0f, 1.0f));
  REQUIRE(elsewhere.has_value());
  CHECK(elsewhere->empty());
  // Drawn rotated, texels do not map to a rectangle: all of it changed.
  const DrawListGeometry rotated = draw_window([] {
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddImageQuad(picture, at, ImVec2(at.x + 100, at.y + 20), ImVec2(at.x + 80, at.y + 120),
                                             ImVec2(at.x - 20, at.y + 100));
  });
  CHECK_FALSE(texture_area(rotated, picture, ImVec4(0.0f, 0.0f, 0.5f, 0.5f)).has_value());
}

TEST_CASE("A ring of tiles is gathered into its sides, not the square around it", "[damage]") {
  // 16x16 tiles around a 64x64 hole in a 96x96 square.
  std::vector<PixelRect> tiles;
  for (int y = 0; y < 96; y += 16) {
    for (int x = 0; x < 96; x += 16) {
      if (x == 0 || y == 0 || x == 80 || y == 80) tiles.push_back({x, y, x + 16, y + 16});
    }
  }
  long long tiles_area = 0;
  for (const PixelRect& tile : tiles) tiles_area += tile.area();
  const std::vector<PixelRect> sides = merged(tiles, 4);
  REQUIRE(sides.size() == 4);
  long long sides_area = 0;
  for (const PixelRect& side : sides) sides_area += side.area();
  CHECK(sides_area == tiles_area);  // nothing but the tiles
  for (const PixelRect& tile : tiles) {
    CHECK(std::any_of(sides.begin(), sides.end(), [&](const PixelRect& side) { return side.contains(tile); }));
  }
  CHECK(merged(tiles, 1) == std::vector<PixelRect>{PixelRect{0, 0, 96, 96}});
  CHECK(merged({PixelRect{}, PixelRect{1, 1, 2, 2}}, 4) == std::vector<PixelRect>{PixelRect{1, 1, 2, 2}});
}

TEST_CASE("A whole picture's tiles at once are one rectangle", "[damage]") {
  // 1,200 tiles of 16x16: a 640x480 picture landing in one frame (single-thread mode).
  std::vector<PixelRect> tiles;
  for (int y = 0; y < 480; y += 16) {
    for (int x = 0; x < 640; x += 16) tiles.push_back({x, y, x + 16, y + 16});
  }
  // Joined pair by pair, these would take about a second; around them all, a pass.
  CHECK(merged(tiles, 4) == std::vector<PixelRect>{PixelRect{0, 0, 640, 480}});
}

TEST_CASE("Many small changes are drawn in a few passes, not as the whole display", "[damage]") {
  FrameDamage damage([](std::string_view) { return 0.0; });
  FrameInput frame;
  frame.display = {0, 0, 1600, 900};
  for (int i = 0; i < 20; ++i) frame.lists.push_back({"panel " + std::to_string(i), {i * 80, 0, i * 80 + 40, 40}, 1, {}, nullptr});
  damage.next(frame);
  frame.now_s = 0.016;
  for (DrawListSummary& list : frame.lists) list.content_hash = 2;
  const std::vector<PixelRect> passes = damage.next(frame);
  CHECK(passes.size() <= 10);
  CHECK(passes != std::vector<PixelRect>{frame.display});
  for (const DrawListSummary& list : frame.lists) {
    CHECK(std::any_of(passes.begin(), passes.end(), [&](const PixelRect& pass) { return pass.contains(list.extent); }));
  }
}
