// The status line along the window's foot: the UI scale and its keys, and
// the toasts ("Screenshot saved to ..."), which fade out there instead of
// covering a panel's figures.

#include <fmt/format.h>

#include <algorithm>

#include "layout/layout.hpp"
#include "panels.hpp"

namespace threadlab::ui {

void draw_status_line(std::string_view toast, float toast_alpha, float ui_scale) {
  const PanelRect& at = current_layout().status_line;
  if (at.size.x <= 0.0f || at.size.y <= 0.0f) return;
  ImGui::SetNextWindowPos(at.pos, ImGuiCond_Always);
  ImGui::SetNextWindowSize(at.size, ImGuiCond_Always);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(ImGui::GetFontSize() * 0.5f, ImGui::GetFontSize() * 0.3f));
  constexpr ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                                     ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::Begin("##status-line", nullptr, flags);
  ImGui::PopStyleVar();
  const std::string scale = fmt::format("UI scale {:.2f}x (font {:.0f} px)", ui_scale, ImGui::GetFontSize());
  ImGui::TextDisabled("%s", scale.c_str());
  ImGui::SameLine();
  help_marker(
      "How large the UI is drawn: the display's scale (Xft.dpi / 96 on X11, or --ui-scale) times your zoom. "
      "Ctrl+= zooms in, Ctrl+- out, Ctrl+0 back to the display's scale; the zoom is saved with the window "
      "layout. The panels re-flow to the window's size and the scale.");
  if (!toast.empty() && toast_alpha > 0.0f) {
    ImGui::SameLine(0.0f, ImGui::GetFontSize() * 2.0f);
    ImVec4 colour(1.0f, 0.85f, 0.35f, std::clamp(toast_alpha, 0.0f, 1.0f));
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::TextUnformatted(toast.data(), toast.data() + toast.size());
    ImGui::PopStyleColor();
  }
  ImGui::End();
}

}  // namespace threadlab::ui
