// The default arrangement: three columns that tile the window. What is
// about responsiveness (frames, heartbeat) sits together on the right.
//
//   +-----------+--------------------+---------------+
//   | Controls  |                    | Frames and    |
//   |           |    Mandelbrot      | responsiveness|
//   |           |                    |               |
//   +-----------+                    +---------------+
//   | CPU cores +--------------------+ Heartbeat     |
//   |           | Timeline           +---------------+
//   +-----------+--------------------+ Locks         |
//   | Primes    | Threads            |               |
//   +-----------+--------------------+---------------+
//
// Edges are whole pixels shared by neighbours, so cells touch and never
// overlap. The fractions are tuned so that at 1600x900, with the app's
// 16-pixel font, every panel's content fits without scrolling.

#include <algorithm>
#include <cmath>
#include <string_view>

#include "panel_window.hpp"
#include "panels.hpp"

namespace threadlab::ui {

namespace {

// Fractions of the window width and height where the cells end.
constexpr float left_column_end = 0.225f;
constexpr float middle_column_end = 0.635f;
constexpr float controls_end = 0.50f;
constexpr float cores_end = 0.79f;
constexpr float mandelbrot_end = 0.50f;
constexpr float timeline_end = 0.72f;
constexpr float frames_end = 0.45f;
constexpr float heartbeat_end = 0.585f;

// The size set_default_layout() was given; the UI runs on one thread.
ImVec2 layout_window_size{0.0f, 0.0f};

// Where each panel was when last drawn, and in which ImGui frame. Panels
// that overlap no other panel let the framebuffer clear (the same colour)
// be their background: under software OpenGL (llvmpipe) a second
// full-window layer of blended fragments was half of the idle window's CPU
// per frame. The rule is overlap, not "sits in its default cell", so a
// layout saved by an older version, or panels the user rearranged without
// overlap, cost no more. Overlapping panels draw their backgrounds again
// (from the frame after they began to overlap), so neither shows through.
constexpr int panel_count = static_cast<int>(Panel::scenario) + 1;
struct LastPlace {
  PanelRect rect;
  int frame = -1;
};
LastPlace last_place[panel_count];
bool draws_background[panel_count] = {};
// The context the places belong to: a new one (the headless tests make
// several) starts with none.
ImGuiContext* places_context = nullptr;

bool overlap(const PanelRect& a, const PanelRect& b) {
  // Neighbours share an edge; rounding may put them half a pixel apart.
  constexpr float tolerance = 0.5f;
  const float width = std::min(a.pos.x + a.size.x, b.pos.x + b.size.x) - std::max(a.pos.x, b.pos.x);
  const float height = std::min(a.pos.y + a.size.y, b.pos.y + b.size.y) - std::max(a.pos.y, b.pos.y);
  return width > tolerance && height > tolerance;
}

// Whether the panel overlaps a panel drawn this frame or the last one (the
// panels drawn after it this frame were last placed in the previous frame).
bool overlaps_another_panel(Panel panel, int frame) {
  const LastPlace& self = last_place[static_cast<int>(panel)];
  if (self.frame < 0) return false;
  for (int other = 0; other < panel_count; ++other) {
    if (other == static_cast<int>(panel)) continue;
    const LastPlace& place = last_place[other];
    if (place.frame >= frame - 1 && overlap(self.rect, place.rect)) return true;
  }
  return false;
}

PanelRect cell(ImVec2 window, float left, float right, float top, float bottom) {
  const float x0 = std::round(window.x * left), x1 = std::round(window.x * right);
  const float y0 = std::round(window.y * top), y1 = std::round(window.y * bottom);
  return {ImVec2(x0, y0), ImVec2(x1 - x0, y1 - y0)};
}

}  // namespace

const char* panel_title(Panel panel) {
  switch (panel) {
    case Panel::controls: return "Controls";
    // The cells the Timeline took room from have new IDs ("-2"): a layout
    // saved before it existed (imgui.ini) would put them over it.
    case Panel::threads: return "Threads###threads-2";
    case Panel::cores: return "CPU cores";
    case Panel::locks: return "Locks";
    case Panel::frames: return "Frames and responsiveness";
    case Panel::heartbeat: return "Heartbeat";
    // The centre view: "Mandelbrot", or "Primes: segments" with the same ID.
    case Panel::mandelbrot: return "Mandelbrot###centre-view-2";
    case Panel::primes: return "Primes";
    case Panel::timeline: return "Timeline";
    case Panel::scenario: return "Scenario###scenario-2";
  }
  return "?";
}

PanelRect default_panel_rect(Panel panel, ImVec2 window) {
  switch (panel) {
    case Panel::controls: return cell(window, 0.0f, left_column_end, 0.0f, controls_end);
    case Panel::cores: return cell(window, 0.0f, left_column_end, controls_end, cores_end);
    case Panel::primes: return cell(window, 0.0f, left_column_end, cores_end, 1.0f);
    case Panel::mandelbrot:
    case Panel::scenario: return cell(window, left_column_end, middle_column_end, 0.0f, mandelbrot_end);
    case Panel::timeline: return cell(window, left_column_end, middle_column_end, mandelbrot_end, timeline_end);
    case Panel::threads: return cell(window, left_column_end, middle_column_end, timeline_end, 1.0f);
    case Panel::frames: return cell(window, middle_column_end, 1.0f, 0.0f, frames_end);
    case Panel::heartbeat: return cell(window, middle_column_end, 1.0f, frames_end, heartbeat_end);
    case Panel::locks: return cell(window, middle_column_end, 1.0f, heartbeat_end, 1.0f);
  }
  return {};
}

void set_default_layout(ImVec2 window_size) { layout_window_size = window_size; }

ImVec2 fit_keeping_aspect(ImVec2 image_size, ImVec2 available) {
  const ImVec2 room(std::max(available.x, 1.0f), std::max(available.y, 1.0f));
  if (image_size.x <= 0.0f || image_size.y <= 0.0f) return room;
  const float scale = std::min(room.x / image_size.x, room.y / image_size.y);
  return ImVec2(std::max(std::floor(image_size.x * scale), 1.0f),
                std::max(std::floor(image_size.y * scale), 1.0f));
}

PanelWindow::PanelWindow(Panel panel, ImGuiWindowFlags flags, const char* title) {
  const bool layout_set = layout_window_size.x > 0.0f && layout_window_size.y > 0.0f;
  const PanelRect rect =
      default_panel_rect(panel, layout_set ? layout_window_size : ImGui::GetIO().DisplaySize);
  ImGui::SetNextWindowPos(rect.pos, ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(rect.size, ImGuiCond_FirstUseEver);
  if (ImGui::GetCurrentContext() != places_context) {
    places_context = ImGui::GetCurrentContext();
    for (LastPlace& place : last_place) place = {};
  }
  const int frame = ImGui::GetFrameCount();
  const bool background = overlaps_another_panel(panel, frame);
  draws_background[static_cast<int>(panel)] = background;
  visible_ = ImGui::Begin(title != nullptr ? title : panel_title(panel), nullptr,
                          flags | (background ? 0 : ImGuiWindowFlags_NoBackground));
  last_place[static_cast<int>(panel)] = {{ImGui::GetWindowPos(), ImGui::GetWindowSize()}, frame};
}

bool panel_draws_background(Panel panel) { return draws_background[static_cast<int>(panel)]; }

bool panel_shows_figures(std::string_view window_name) {
  for (const Panel panel : {Panel::controls, Panel::cores, Panel::threads, Panel::locks, Panel::primes}) {
    const std::string_view title = panel_title(panel);
    if (window_name == title || (window_name.starts_with(title) && window_name.substr(title.size()).starts_with('/'))) {
      return true;
    }
  }
  return false;
}

ImVec4 framebuffer_clear_colour() {
  // What a panel's background looked like over the old clear colour, so a
  // tiled panel without its own background looks exactly as before.
  const ImVec4 base(0.08f, 0.08f, 0.10f, 1.0f);
  const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
  return ImVec4(bg.x * bg.w + base.x * (1 - bg.w), bg.y * bg.w + base.y * (1 - bg.w),
                bg.z * bg.w + base.z * (1 - bg.w), 1.0f);
}

PanelWindow::~PanelWindow() { ImGui::End(); }

}  // namespace threadlab::ui
