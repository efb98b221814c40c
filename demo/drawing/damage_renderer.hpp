#pragma once
// Draws ImGui's frame into the window's back buffer, but only the
// rectangles that changed (drawing/frame_damage.hpp) when the back buffer
// keeps its pixels from one frame to the next. Mesa's software rasterizers
// (llvmpipe, softpipe) present a frame by copying the back buffer to the X
// window, so it does; a GPU driver may swap buffers instead, and drawing is
// cheap there, so it gets whole frames. THREADLAB_REDRAW=all asks for whole
// frames everywhere.
//
// Needs a current OpenGL 3.3 context and ImGui's OpenGL 3 backend.

#include <imgui.h>

#include <optional>
#include <string_view>
#include <vector>

#include "drawing/frame_damage.hpp"

namespace threadlab::app {

// What THREADLAB_REDRAW asks for: "changes" (the default: only what changed,
// where the driver keeps the back buffer) or "all" (every pixel of every
// frame). Anything else is nullopt: the caller refuses it.
enum class RedrawChoice { changes, all };
std::optional<RedrawChoice> redraw_choice(const char* environment_value);

// Whether frames may leave unchanged pixels as they are, for this
// GL_RENDERER and choice.
bool redraws_only_changes(std::string_view gl_renderer, RedrawChoice choice);

struct FrameHints {
  bool user_input = false;  // a key was pressed since the last frame: nothing waits for its period
  bool whole = false;       // the frame is captured: every panel drawn as it is now
};

class DamageRenderer {
 public:
  explicit DamageRenderer(bool only_changes);

  // Draws `data` into the bound framebuffer of the given size.
  void render(const ImDrawData& data, int framebuffer_width, int framebuffer_height, ImVec4 clear, FrameHints hints);

  // The texture's texels in `uv` (u0, v0, u1, v1 in 0..1) changed: where a
  // draw list shows them is drawn again next frame.
  void texture_changed(ImTextureID texture, ImVec4 uv = ImVec4(0.0f, 0.0f, 1.0f, 1.0f));

  // Something else drew into the framebuffer: the next render() draws whole.
  void invalidate() { width_ = 0; }

  // Share of the framebuffer's pixels the last render() drew (0..1).
  double last_redrawn_share() const { return last_redrawn_share_; }

 private:
  void draw_rect(const ImDrawData& data, const PixelRect& rect, ImVec4 clear, int framebuffer_height);

  bool only_changes_;
  FrameDamage damage_;
  int width_ = 0, height_ = 0;
  double last_whole_frame_s_ = -1.0;
  std::vector<TextureChange> changed_textures_;
  double last_redrawn_share_ = 1.0;
};

}  // namespace threadlab::app
