// Heartbeat: something that moves every frame. When the render thread is
// blocked the spinner stops and the clock lags the real time, so even a
// still screenshot shows when the window froze.

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <numbers>

#include "widgets/format.hpp"
#include "layout/panel_window.hpp"
#include "panels.hpp"
#include "widgets/widgets.hpp"

namespace threadlab::ui {

namespace {

constexpr double turns_per_second = 0.75;
constexpr float arc_fraction = 0.75f;  // of a full circle

void draw_spinner(double seconds_since_start, float diameter) {
  const ImVec2 top_left = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(diameter, diameter));
  const float radius = diameter * 0.5f - 2.0f;
  const ImVec2 centre(top_left.x + diameter * 0.5f, top_left.y + diameter * 0.5f);
  const float thickness = diameter * 0.12f;
  const float start =
      static_cast<float>(std::fmod(seconds_since_start * turns_per_second, 1.0) * 2.0 * std::numbers::pi);
  const float end = start + arc_fraction * 2.0f * std::numbers::pi_v<float>;

  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddCircle(centre, radius, ImGui::GetColorU32(ImGuiCol_FrameBg), 32, thickness);
  draw->PathArcTo(centre, radius, start, end, 32);
  draw->PathStroke(packed(colour_good()), false, thickness);
}

}  // namespace

void draw_heartbeat_panel(std::span<const float> frame_times_ms, double seconds_since_start) {
  const PanelWindow window(Panel::heartbeat);
  if (!window.visible()) return;

  panel_intro("Moves every frame: if it stops, the render thread is blocked.",
              "The spinner turns and the clock ticks only when the render thread draws a "
              "frame. In single-thread mode they stop while the job runs: the picture of a "
              "frozen window. Compare the clock with your system clock in a screenshot.");

  const float line = ImGui::GetTextLineHeightWithSpacing();
  draw_spinner(seconds_since_start, line * 3.0f);
  ImGui::SameLine();
  ImGui::BeginGroup();
  label_value("Wall clock", format_wall_clock(std::chrono::system_clock::now()));
  label_value("Frame",
              fmt::format("#{}", group_thousands(static_cast<std::uint64_t>(ImGui::GetFrameCount()))));
  if (frame_times_ms.empty()) {
    label_value("Last frame", "-");
  } else {
    const double last_frame_ms = frame_times_ms.back();
    label_value("Last frame", format_ms(last_frame_ms), latency_colour(last_frame_ms));
  }
  ImGui::EndGroup();
}

}  // namespace threadlab::ui
