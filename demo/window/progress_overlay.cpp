#include "window/progress_overlay.hpp"

#include <imgui.h>

#include <cmath>

namespace threadlab::app {

void ProgressOverlay::draw() const {
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos(ImVec2(display.x * 0.5f, display.y - 60.0f), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(420.0f, 0.0f));
  ImGui::Begin(title.c_str(), nullptr,
               ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoCollapse |
                   ImGuiWindowFlags_NoSavedSettings);
  // In whole percents: the bar then changes a hundred times a run, not every
  // frame, and costs the window it measures next to nothing to draw.
  const float percent_steps = std::floor(static_cast<float>(fraction) * 100.0f) / 100.0f;
  ImGui::ProgressBar(percent_steps, ImVec2(-1.0f, 0.0f), stage.c_str());
  ImGui::End();
}

}  // namespace threadlab::app
