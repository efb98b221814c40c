// What the mouse asks of the panels, drawn headless: a segmented choice
// clicked, the wheel and a drag over the Mandelbrot picture, in image pixels.

#include <imgui.h>
#include <imgui_internal.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <complex>
#include <string>
#include <vector>

#include "../headless_imgui.hpp"
#include "../support/lab_snapshot_builder.hpp"
#include "panel_test_support.hpp"
#include "panels/panels.hpp"

using namespace threadlab;
using namespace threadlab::ui;
using test::busy_lab_snapshot;
using test::HeadlessImGui;
using test::draw_every_panel;
using test::panel_window;

namespace {

using test::mandelbrot_image_size;

// The centre of the Mandelbrot picture on screen, found by asking ImGui which
// item the mouse is over: the picture is the panel's "##view" button.
ImVec2 point_over_picture() {
  const ImGuiWindow& window = panel_window(Panel::mandelbrot);
  const ImVec2 point(window.Pos.x + window.Size.x * 0.5f, window.Pos.y + window.Size.y * 0.45f);
  ImGui::GetIO().MousePos = point;
  draw_every_panel(busy_lab_snapshot());
  const ImGuiID picture_id = ImHashStr("##view", 0, window.ID);
  REQUIRE(ImGui::GetCurrentContext()->HoveredId == picture_id);
  return point;
}

}  // namespace

TEST_CASE("Clicking the option not selected in a segmented choice returns it, once", "[panels]") {
  HeadlessImGui imgui;
  ImGuiIO& io = ImGui::GetIO();
  const auto frame = [](int selected, ImVec2* second_button_centre = nullptr) {
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(100.0f, 100.0f));
    ImGui::Begin("segmented choice");
    const std::optional<int> clicked = segmented_choice("mode", {"Single-thread", "Multi-thread"}, selected);
    if (second_button_centre) {
      const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
      *second_button_centre = ImVec2((min.x + max.x) * 0.5f, (min.y + max.y) * 0.5f);
    }
    ImGui::End();
    ImGui::Render();
    return clicked;
  };

  ImVec2 multi_thread_button;
  CHECK_FALSE(frame(0, &multi_thread_button));
  io.MousePos = multi_thread_button;
  CHECK_FALSE(frame(0));  // hovering is not clicking
  io.MouseDown[0] = true;
  CHECK_FALSE(frame(0));  // a button acts on release
  io.MouseDown[0] = false;
  CHECK(frame(0) == std::optional<int>(1));
  CHECK_FALSE(frame(0));

  // The selected option asks for nothing: the mode is already what it says.
  io.MouseDown[0] = true;
  frame(1);
  io.MouseDown[0] = false;
  CHECK_FALSE(frame(1));
}

TEST_CASE("The mouse wheel over the Mandelbrot picture zooms at the image pixel under the mouse",
          "[panels]") {
  HeadlessImGui imgui;
  const LabSnapshot snapshot = busy_lab_snapshot();
  draw_every_panel(snapshot);
  point_over_picture();

  ImGui::GetIO().MouseWheel = 1.0f;
  const ViewRequests zoom_in = draw_every_panel(snapshot).view;
  REQUIRE(zoom_in.zoom_at);
  CHECK(zoom_in.zoom_factor == Approx(0.8));
  CHECK(zoom_in.zoom_at->x > 0.0f);
  CHECK(zoom_in.zoom_at->x < mandelbrot_image_size.x);
  CHECK(zoom_in.zoom_at->y > 0.0f);
  CHECK(zoom_in.zoom_at->y < mandelbrot_image_size.y);

  ImGui::GetIO().MouseWheel = -1.0f;
  const ViewRequests zoom_out = draw_every_panel(snapshot).view;
  REQUIRE(zoom_out.zoom_at);
  CHECK(zoom_out.zoom_factor == Approx(1.25));
  // The mouse did not move, so neither did the pixel under it.
  CHECK(zoom_out.zoom_at->x == Approx(zoom_in.zoom_at->x));
  CHECK(zoom_out.zoom_at->y == Approx(zoom_in.zoom_at->y));
}

TEST_CASE("Dragging the Mandelbrot picture moves the view's centre against the drag, in image pixels",
          "[panels]") {
  HeadlessImGui imgui;
  const LabSnapshot snapshot = busy_lab_snapshot();
  draw_every_panel(snapshot);
  const ImVec2 start = point_over_picture();

  ImGuiIO& io = ImGui::GetIO();
  io.MouseDown[0] = true;
  draw_every_panel(snapshot);
  io.MousePos = ImVec2(start.x + 20.0f, start.y - 10.0f);
  const ViewRequests drag = draw_every_panel(snapshot).view;
  // The picture follows the mouse (right and up), so the centre moves left and
  // down. The 640x480 image is never shown smaller than itself, so one
  // screen pixel of drag is at most one image pixel.
  CHECK(drag.pan_dx < 0.0);
  CHECK(drag.pan_dx >= -20.0);
  CHECK(drag.pan_dy > 0.0);
  CHECK(drag.pan_dy <= 10.0);
  CHECK(drag.pan_dx == Approx(-2.0 * drag.pan_dy));
  CHECK_FALSE(drag.zoom_at);

  const ViewRequests held_still = draw_every_panel(snapshot).view;
  CHECK(held_still.pan_dx == 0.0);
  CHECK(held_still.pan_dy == 0.0);
  io.MouseDown[0] = false;
  draw_every_panel(snapshot);
}

TEST_CASE("After a drag, the engine's view keeps the grabbed point under the mouse", "[panels]") {
  HeadlessImGui imgui;
  const LabSnapshot snapshot = busy_lab_snapshot();
  const int width = static_cast<int>(mandelbrot_image_size.x),
            height = static_cast<int>(mandelbrot_image_size.y);
  const MandelbrotView view = default_view(width, height);
  draw_every_panel(snapshot);
  const ImVec2 start = point_over_picture();
  ImGuiIO& io = ImGui::GetIO();

  // A wheel notch reports the image pixel under the mouse; the zoom itself is not applied.
  const auto pixel_under_mouse = [&] {
    io.MouseWheel = 1.0f;
    const ViewRequests requests = draw_every_panel(snapshot).view;
    REQUIRE(requests.zoom_at);
    return *requests.zoom_at;
  };
  const ImVec2 grabbed = pixel_under_mouse();

  io.MouseDown[0] = true;
  draw_every_panel(snapshot);
  io.MousePos = ImVec2(start.x + 30.0f, start.y + 15.0f);
  const ViewRequests drag = draw_every_panel(snapshot).view;
  io.MouseDown[0] = false;
  draw_every_panel(snapshot);
  const ImVec2 released = pixel_under_mouse();

  const MandelbrotView moved = panned(view, drag.pan_dx, drag.pan_dy);
  const std::complex<double> before = pixel_to_complex(view, width, height, grabbed.x, grabbed.y);
  const std::complex<double> after = pixel_to_complex(moved, width, height, released.x, released.y);
  CHECK(after.real() == Approx(before.real()).margin(view.scale * 0.01));
  CHECK(after.imag() == Approx(before.imag()).margin(view.scale * 0.01));
}
