#pragma once
// Which parts of the window a new frame must draw again. Under software
// OpenGL (llvmpipe) every pixel drawn costs CPU time the workers could have
// had, and most of the window looks the same from one frame to the next:
// the Mandelbrot view between tiles, the Locks panel while nothing waits.
// Comparing each ImGui draw list with what is on screen tells what changed;
// the rest is kept.
//
// Panels of figures and graphs (tables, counters, the frame-time graphs)
// are drawn again at most ten times a second, as top and Task Manager do:
// numbers that change 60 times a second cannot be read, and a graph that
// steps every tenth of a second still shows each slow frame. What moves
// (the heartbeat, the Timeline, the Mandelbrot picture as tiles land) and
// whatever is under the mouse are drawn every frame, and inside a list only
// what changed: a bar that grew, a figure that ticked, the tiles that
// landed (drawing/draw_list_geometry.hpp).

#include <imgui.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "drawing/draw_list_geometry.hpp"
#include "drawing/pixel_rect.hpp"

namespace threadlab::app {

// One draw list of a frame: the window that drew it, every pixel it can
// touch (its geometry's bounds within its clip rectangles, rounded
// outwards), a hash of all it draws, the textures it samples, and its
// geometry, to find what changed inside it (none: all of it changed).
struct DrawListSummary {
  std::string owner;
  PixelRect extent;
  std::uint64_t content_hash = 0;
  std::vector<ImTextureID> textures;
  std::shared_ptr<const DrawListGeometry> geometry;
};

class FrameDamage;

// The summaries of a frame's draw lists. A list that draws exactly what
// `on_screen` shows of it reuses that summary, without copying or hashing it.
std::vector<DrawListSummary> summarize_draw_data(const ImDrawData& data, const FrameDamage* on_screen = nullptr);

// Texels of a texture that changed: the part `uv` (u0, v0, u1, v1 in 0..1).
struct TextureChange {
  ImTextureID texture = nullptr;
  ImVec4 uv{0.0f, 0.0f, 1.0f, 1.0f};
};

// What one frame changes, from the frame before.
struct FrameInput {
  std::vector<DrawListSummary> lists;
  std::vector<TextureChange> changed_textures;  // since the last frame
  PixelRect display;
  double now_s = 0;  // any steady clock
  ImVec2 mouse{-1.0f, -1.0f};
  bool user_input = false;  // a key was pressed: nothing waits for its period
};

class FrameDamage {
 public:
  // redraw_period_s(owner): how long the window that drew a list may show
  // its last drawing before a change is drawn (0: at once).
  explicit FrameDamage(std::function<double(std::string_view owner)> redraw_period_s);

  // The rectangles to clear and draw again, every list that reaches into
  // them drawn in order. None when nothing changed; the whole display after
  // forget(), and when the rest would cover most of it; many rectangles are
  // joined into a few passes.
  std::vector<PixelRect> next(const FrameInput& frame);

  // What is on screen is unknown (first frame, resize, lost buffer): the
  // next frame is drawn whole.
  void forget() { whole_next_ = true; }

  // The summary of what shows of `list`'s window, if `list` draws exactly it.
  std::optional<DrawListSummary> unchanged(const ImDrawList& list) const;

 private:
  struct Shown {
    std::string owner;
    PixelRect extent;
    std::uint64_t content_hash = 0;
    std::shared_ptr<const DrawListGeometry> geometry;
    double drawn_at_s = 0;
    bool current = true;  // false: partly overwritten by a newer drawing of a neighbour
  };

  // What `list` needs drawn again this frame, given what shows of it.
  std::vector<PixelRect> list_damage(const DrawListSummary& list, const Shown& shown, const FrameInput& frame) const;
  // Updates what is on screen once `damage` is drawn.
  void remember(const FrameInput& frame, const std::vector<PixelRect>& damage, std::vector<Shown> shown_next);

  std::function<double(std::string_view)> redraw_period_s_;
  std::vector<Shown> on_screen_;
  bool whole_next_ = true;
};

}  // namespace threadlab::app
