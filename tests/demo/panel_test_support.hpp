#pragma once
// What the headless panel tests share: one whole frame of every panel, as
// the app draws it, and the windows it leaves.

#include <imgui.h>
#include <imgui_internal.h>

#include <catch2/catch.hpp>

#include "panels/panels.hpp"
#include "threadlab/lab/lab.hpp"

namespace threadlab::test {

inline const ImVec2 mandelbrot_image_size(640.0f, 480.0f);

// One whole frame of the demo's panels, as the app draws them.
inline ui::FrameRequests draw_every_panel(const LabSnapshot& snapshot) {
  ImGui::NewFrame();
  const ui::FrameRequests requests =
      ui::draw_all_panels(snapshot, static_cast<double>(ImGui::GetFrameCount()) / 60.0,
                          ui::CentreImage{ImTextureID{}, mandelbrot_image_size});
  ImGui::Render();
  return requests;
}

// The panel's window as ImGui knows it; fails the test when there is none.
inline ImGuiWindow& panel_window(ui::Panel panel) {
  ImGuiWindow* window = ImGui::FindWindowByName(ui::panel_title(panel));
  INFO("panel " << ui::panel_title(panel));
  REQUIRE(window != nullptr);
  return *window;
}

inline bool asks_for_nothing(const ui::ControlRequests& requests) {
  return !requests.page && !requests.mode && !requests.workload && !requests.workers && !requests.priority &&
         !requests.start && !requests.cancel && !requests.reset_view && !requests.screenshot && !requests.compare;
}

}  // namespace threadlab::test
