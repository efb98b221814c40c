// The arrangement of the panels for a window size and UI scale (layout.hpp
// draws it). Edges are whole pixels shared by neighbours, so cells touch
// and never overlap; sizes are fractions of the window with floors in font
// heights, so text keeps its room at any scale, and the view's floor is its
// image at its own resolution.

#include "layout.hpp"

#include <algorithm>
#include <cmath>

namespace threadlab::ui {

namespace {

int index(Panel panel) { return static_cast<int>(panel); }

PanelRect rect_of(float x0, float y0, float x1, float y1) {
  return {ImVec2(std::round(x0), std::round(y0)), ImVec2(std::round(x1) - std::round(x0), std::round(y1) - std::round(y0))};
}

// A column of panels from top to bottom, each ending at a fraction of the height.
struct Column {
  float x0, x1, y0, y1;
  void place(Layout& layout, Panel panel, float from, float to) const {
    const float h = y1 - y0;
    layout.rects[index(panel)] = rect_of(x0, y0 + h * from, x1, y0 + h * to);
    layout.shown[index(panel)] = true;
  }
};

// Room the view needs around its image: title bar, padding, a progress line
// under the picture, and a scrollbar's width.
ImVec2 view_chrome(float font) { return ImVec2(font * 2.0f, font * 4.5f); }

void arrange_wide(Layout& layout, const LayoutInput& in, float height) {
  const float w = in.window.x, font = in.font_size;
  // The centre first: half the width, and never narrower than its image
  // at its own resolution with a scrollbar beside it.
  const float centre = std::round(std::max(w * 0.49f, view_image_width + view_chrome(font).x));
  const float left = std::round(std::clamp(w * 0.21f, font * 18.0f, w * 0.3f));
  const float right = w - left - centre;
  const Column left_column{0.0f, left, 0.0f, height};
  if (in.primes_current) {
    left_column.place(layout, Panel::controls, 0.0f, 0.46f);
    left_column.place(layout, Panel::primes, 0.46f, 0.62f);
    left_column.place(layout, Panel::heartbeat, 0.62f, 0.79f);
    left_column.place(layout, Panel::cores, 0.79f, 1.0f);
  } else {
    left_column.place(layout, Panel::controls, 0.0f, 0.51f);
    left_column.place(layout, Panel::heartbeat, 0.51f, 0.685f);
    left_column.place(layout, Panel::cores, 0.685f, 1.0f);
  }
  // The view: two thirds of the height, and never less than its image at its
  // own resolution while that leaves the Timeline ten lines. A scenario page
  // has no image and is about its threads: half, the Timeline the rest.
  const float needed = view_image_height + view_chrome(font).y;
  const float view_height =
      in.scenario ? std::round(height * 0.5f)
                  : std::round(std::max(height * 0.66f, std::min(needed, height - font * 10.0f)));
  const Panel view = in.scenario ? Panel::scenario : Panel::mandelbrot;
  layout.rects[index(view)] = rect_of(left, 0.0f, left + centre, view_height);
  layout.shown[index(view)] = true;
  layout.rects[index(Panel::timeline)] = rect_of(left, view_height, left + centre, height);
  layout.shown[index(Panel::timeline)] = true;
  const Column right_column{w - right, w, 0.0f, height};
  right_column.place(layout, Panel::frames, 0.0f, 0.46f);
  right_column.place(layout, Panel::threads, 0.46f, 0.69f);
  right_column.place(layout, Panel::locks, 0.69f, 1.0f);
}

void arrange_compact(Layout& layout, const LayoutInput& in, float height) {
  const float w = in.window.x, font = in.font_size;
  const float image_width = view_image_width + view_chrome(font).x;
  // The view as wide as its image needs, while Controls keeps 16 font widths.
  const float view_width = std::round(std::max(w * 0.6f, std::min(image_width, w - font * 16.0f)));
  const Panel view = in.scenario ? Panel::scenario : Panel::mandelbrot;
  layout.rects[index(view)] = rect_of(0.0f, 0.0f, view_width, height);
  layout.shown[index(view)] = true;
  const Column right{view_width, w, 0.0f, height};
  right.place(layout, Panel::controls, 0.0f, 0.5f);
  const float strip_top = std::round(height * 0.5f);
  const float strip_bottom = std::round(strip_top + font * 2.5f);
  layout.tab_strip = rect_of(view_width, strip_top, w, strip_bottom);
  for (const Panel panel : {Panel::timeline, Panel::frames, Panel::heartbeat, Panel::threads, Panel::cores,
                            Panel::locks, Panel::primes}) {
    if (panel == Panel::primes && !in.primes_current) continue;
    layout.rects[index(panel)] = rect_of(view_width, strip_bottom, w, height);
    layout.shown[index(panel)] = true;
    layout.tabbed[index(panel)] = true;
  }
}

}  // namespace

Layout arrange_panels(const LayoutInput& in) {
  Layout layout;
  const float font = std::max(in.font_size, 1.0f);
  const float status = std::round(font * 1.75f);
  const float height = std::max(in.window.y - status, 1.0f);
  layout.status_line = rect_of(0.0f, height, in.window.x, in.window.y);
  const bool wide = in.window.x >= font * 80.0f && height >= font * 43.0f;
  layout.arrangement = wide ? Arrangement::wide : Arrangement::compact;
  if (wide) {
    arrange_wide(layout, in, height);
  } else {
    arrange_compact(layout, in, height);
  }
  return layout;
}

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
  LayoutInput input;
  input.window = window;
  input.scenario = panel == Panel::scenario;
  input.primes_current = panel == Panel::primes;
  return arrange_panels(input).rects[index(panel)];
}

ImVec2 fit_keeping_aspect(ImVec2 image_size, ImVec2 available) {
  const ImVec2 room(std::max(available.x, 1.0f), std::max(available.y, 1.0f));
  if (image_size.x <= 0.0f || image_size.y <= 0.0f) return room;
  const float scale = std::min(room.x / image_size.x, room.y / image_size.y);
  return ImVec2(std::max(std::floor(image_size.x * scale), 1.0f),
                std::max(std::floor(image_size.y * scale), 1.0f));
}

ImVec2 fit_never_smaller(ImVec2 image_size, ImVec2 available) {
  const ImVec2 fitted = fit_keeping_aspect(image_size, available);
  if (image_size.x <= 0.0f || image_size.y <= 0.0f || fitted.x >= image_size.x) return fitted;
  return image_size;
}

ImVec4 framebuffer_clear_colour() {
  // What a panel's background looked like over the old clear colour, so a
  // tiled panel without its own background looks exactly as before.
  const ImVec4 base(0.08f, 0.08f, 0.10f, 1.0f);
  const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
  return ImVec4(bg.x * bg.w + base.x * (1 - bg.w), bg.y * bg.w + base.y * (1 - bg.w),
                bg.z * bg.w + base.z * (1 - bg.w), 1.0f);
}

}  // namespace threadlab::ui
