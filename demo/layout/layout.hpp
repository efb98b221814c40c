#pragma once
// Where the panels go: a pure function of the window's size, the font size
// (16 px times the UI scale) and what the view shows, so the window, the
// headless tests and anyone scripting the window get the same answer.
//
// Wide (at least 80 x 45.5 font heights, 1280x728 at scale 1):
//
//   +-----------+-------------------------+--------------+
//   | Controls  |                         | Frames and   |
//   |           |   view (Mandelbrot,     | responsiveness
//   +-----------+   primes or scenario)   +--------------+
//   | Primes *  |                         | Threads      |
//   | Heartbeat +-------------------------+              |
//   +-----------+   Timeline              +--------------+
//   | CPU cores |                         | Locks        |
//   +-----------+-------------------------+--------------+
//   | status line (toasts)                               |
//   +----------------------------------------------------+
//   * only while primes is the workload: a panel that is not the current
//     workload's takes no room.
//
// Compact (smaller windows, or a large UI scale): the view on the left, as
// wide as its image needs; on the right Controls, then one tabbed host for
// every other panel. Every panel scrolls when its content does not fit.

#include <imgui.h>

#include <string_view>
#include <vector>

namespace threadlab::ui {

// Places every panel for the given window size at the 16 px font, all of
// them shown (the headless tests draw panels one by one); draw_all_panels
// arranges for the real frame.
void set_default_layout(ImVec2 window_size);

// The panels, for layout, screenshots and tests.
// On a scenario page, the Scenario panel takes the Mandelbrot view's place.
enum class Panel { controls, threads, cores, locks, frames, heartbeat, mandelbrot, primes, timeline, scenario };
// The panels of the main page, which tile the window.
inline constexpr Panel all_panels[] = {Panel::controls,  Panel::threads,    Panel::cores,  Panel::locks,
                                       Panel::frames,    Panel::heartbeat,  Panel::mandelbrot, Panel::primes,
                                       Panel::timeline};

// The panel's window title, as ImGui knows it (ImGui::FindWindowByName).
const char* panel_title(Panel panel);

struct PanelRect {
  ImVec2 pos;
  ImVec2 size;
};
// Where the layout puts a panel in a window of the given size at
// the 16 px font; the Mandelbrot view gets the largest cell.
PanelRect default_panel_rect(Panel panel, ImVec2 window_size);

// Whether the panel drew its own background in its last frame: only when it
// overlaps another panel, since panels side by side let the framebuffer
// clear show through (see panel_window.cpp for why).
bool panel_draws_background(Panel panel);
// Whether an ImGui window (or a child window inside it) belongs to a panel
// of figures and graphs: Controls, CPU cores, Threads, Locks, Primes,
// Frames. The window may show such a panel's last drawing for a tenth of a
// second (drawing/frame_damage.hpp), as a system monitor's graphs step
// rather than glide; the heartbeat, Timeline and Mandelbrot view move, and
// are drawn every frame.
bool panel_shows_figures(std::string_view window_name);
// How long a window may show its last drawing before a change is drawn
// (0: at once): a tenth of a second for the panels of figures; a thirtieth
// for the Timeline, whose lanes scroll every frame and read as smoothly at
// 30 frames a second; at once for the rest.
inline constexpr double figures_redraw_period_s = 0.1;
inline constexpr double timeline_redraw_period_s = 1.0 / 30.0;
double panel_redraw_period_s(std::string_view window_name);
// The colour to clear the framebuffer with: a panel's background as it looks
// over the window, so tiled panels look the same without drawing one.
ImVec4 framebuffer_clear_colour();

// Largest size with the image's aspect ratio that fits in `available`
// (at least 1x1 pixel, as ImGui items must not be empty).
ImVec2 fit_keeping_aspect(ImVec2 image_size, ImVec2 available);
// The same, but never smaller than the image itself: an image is shown at
// its own resolution or larger, and the panel scrolls when it has less room.
ImVec2 fit_never_smaller(ImVec2 image_size, ImVec2 available);

inline constexpr int panel_count = static_cast<int>(Panel::scenario) + 1;
inline constexpr float base_font_pixels = 16.0f;
// The Mandelbrot image the view must show at least at its own resolution.
inline constexpr float view_image_width = 640.0f, view_image_height = 480.0f;

struct LayoutInput {
  ImVec2 window{1600.0f, 900.0f};
  float font_size = base_font_pixels;  // 16 px x the UI scale
  bool primes_current = false;          // primes is the workload: its panel takes room
  bool scenario = false;                // a scenario page: the Scenario panel is the view
};

enum class Arrangement { wide, compact };

struct Layout {
  Arrangement arrangement = Arrangement::wide;
  PanelRect rects[panel_count] = {};
  bool shown[panel_count] = {};   // false: the panel takes no room and is not drawn
  bool tabbed[panel_count] = {};  // compact: shares the tab host (tab_strip above it)
  PanelRect tab_strip;            // compact only
  PanelRect status_line;
};

Layout arrange_panels(const LayoutInput& input);

// The panel the compact arrangement's tab host shows.
Panel selected_tab();
// The tab strip above the host (compact only): draws it and records the choice.
void draw_panel_tabs(const Layout& layout);

// The arrangement of the frame being drawn (draw_all_panels sets it).
const Layout& current_layout();
void set_current_layout(const Layout& layout, const LayoutInput& input);

// Where the panels ended up in the last frame, in window pixels: for the
// stats JSON and the tests.
struct PlacedPanel {
  const char* name;
  PanelRect rect;
};
std::vector<PlacedPanel> placed_panels();
// The picture of the view: the Mandelbrot image as drawn, else the view
// panel's content region.
PanelRect view_rect();
void set_view_rect(PanelRect rect);

// The UI scale as the font shows it: font size / 16 px.
inline float ui_scale_of_font(float font_size) { return font_size / base_font_pixels; }

}  // namespace threadlab::ui
