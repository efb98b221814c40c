#pragma once
// Which parts of the window a new frame must draw again. Under software
// OpenGL (llvmpipe) every pixel drawn costs CPU time the workers could have
// had, and most of the window looks the same from one frame to the next:
// the Mandelbrot view between tiles, the Locks panel while nothing waits.
// Comparing each ImGui draw list with what is on screen tells what changed;
// the rest is kept.
//
// Panels of figures (tables, counters) are drawn again at most ten times a
// second, as top and Task Manager do: numbers that change 60 times a second
// cannot be read, and a table redrawn every frame costs as much as a plot.
// What moves (the frame-time plots, the heartbeat, the Timeline, the
// Mandelbrot picture as tiles land) and whatever is under the mouse are
// drawn every frame.

#include <imgui.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace threadlab::app {

// Whole pixels, in ImGui's display coordinates: [x0, x1) x [y0, y1).
struct PixelRect {
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;

  bool empty() const { return x1 <= x0 || y1 <= y0; }
  long long area() const { return empty() ? 0 : static_cast<long long>(x1 - x0) * (y1 - y0); }
  bool overlaps(const PixelRect& other) const { return !intersected(other).empty(); }
  bool contains(ImVec2 point) const;
  bool contains(const PixelRect& other) const;
  PixelRect intersected(const PixelRect& other) const;
  friend bool operator==(const PixelRect&, const PixelRect&) = default;
};

// One draw list of a frame: the window that drew it, every pixel it can
// touch (its geometry's bounds within its clip rectangles, rounded
// outwards), a hash of all it draws, and the textures it samples.
struct DrawListSummary {
  std::string owner;
  PixelRect extent;
  std::uint64_t content_hash = 0;
  std::vector<ImTextureID> textures;
};

std::vector<DrawListSummary> summarize_draw_data(const ImDrawData& data);

// What one frame changes, from the frame before.
struct FrameInput {
  std::vector<DrawListSummary> lists;
  std::vector<ImTextureID> changed_textures;  // pixels changed since the last frame
  PixelRect display;
  double now_s = 0;  // any steady clock
  ImVec2 mouse{-1.0f, -1.0f};
  bool user_input = false;  // a key was pressed: nothing waits for its period
};

class FrameDamage {
 public:
  // figures_only(owner): the draw list belongs to a panel of figures, which
  // may show its last drawing for up to `figures_period_s`.
  FrameDamage(std::function<bool(std::string_view owner)> figures_only, double figures_period_s);

  // The rectangles to clear and draw again, every list that reaches into
  // them drawn in order. None when nothing changed; the whole display after
  // forget(), and when the rest would cover most of it or need many passes.
  std::vector<PixelRect> next(const FrameInput& frame);

  // What is on screen is unknown (first frame, resize, lost buffer): the
  // next frame is drawn whole.
  void forget() { whole_next_ = true; }

 private:
  struct Shown {
    std::string owner;
    PixelRect extent;
    std::uint64_t content_hash = 0;
    double drawn_at_s = 0;
    bool current = true;  // false: partly overwritten by a newer drawing of a neighbour
  };

  std::function<bool(std::string_view)> figures_only_;
  double figures_period_s_;
  std::vector<Shown> on_screen_;
  bool whole_next_ = true;
};

}  // namespace threadlab::app
