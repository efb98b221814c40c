#include "drawing/damage_renderer.hpp"

#include <glad/gl.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "panels/panels.hpp"

namespace threadlab::app {

namespace {

// A whole frame at least this often, so that nothing the damage rules
// missed (a driver that does not keep the buffer after all) lasts.
constexpr double whole_frame_period_s = 1.0;

}  // namespace

std::optional<RedrawChoice> redraw_choice(const char* environment_value) {
  if (environment_value == nullptr || std::strcmp(environment_value, "changes") == 0) return RedrawChoice::changes;
  if (std::strcmp(environment_value, "all") == 0) return RedrawChoice::all;
  return std::nullopt;
}

bool redraws_only_changes(std::string_view gl_renderer, RedrawChoice choice) {
  return choice == RedrawChoice::changes && (gl_renderer.starts_with("llvmpipe") || gl_renderer.starts_with("softpipe"));
}

DamageRenderer::DamageRenderer(bool only_changes)
    : only_changes_(only_changes), damage_(ui::panel_redraw_period_s) {}

void DamageRenderer::texture_changed(ImTextureID texture, ImVec4 uv) { changed_textures_.push_back({texture, uv}); }

void DamageRenderer::draw_rect(const ImDrawData& data, const PixelRect& rect, ImVec4 clear, int framebuffer_height) {
  const ImVec2 scale = data.FramebufferScale;
  const ImVec2 origin = data.DisplayPos;
  const int x0 = static_cast<int>(std::floor((float(rect.x0) - origin.x) * scale.x));
  const int x1 = static_cast<int>(std::ceil((float(rect.x1) - origin.x) * scale.x));
  const int y0 = static_cast<int>(std::floor((float(rect.y0) - origin.y) * scale.y));
  const int y1 = static_cast<int>(std::ceil((float(rect.y1) - origin.y) * scale.y));
  glEnable(GL_SCISSOR_TEST);
  glScissor(x0, framebuffer_height - y1, x1 - x0, y1 - y0);  // rows count from the bottom
  glClearColor(clear.x, clear.y, clear.z, clear.w);
  glClear(GL_COLOR_BUFFER_BIT);
  glDisable(GL_SCISSOR_TEST);

  // The lists that reach into the rectangle, in drawing order, each command
  // clipped to it (the backend skips a command whose clip is empty). The
  // clip rectangles are put back afterwards.
  const ImVec4 bounds(float(rect.x0), float(rect.y0), float(rect.x1), float(rect.y1));
  std::vector<ImDrawList*> reaching;
  std::vector<ImVec4> saved_clips;
  for (int l = 0; l < data.CmdListsCount; ++l) {
    ImDrawList* list = data.CmdLists[l];
    bool reaches = false;
    for (ImDrawCmd& cmd : list->CmdBuffer) {
      saved_clips.push_back(cmd.ClipRect);
      cmd.ClipRect = ImVec4(std::max(cmd.ClipRect.x, bounds.x), std::max(cmd.ClipRect.y, bounds.y),
                            std::min(cmd.ClipRect.z, bounds.z), std::min(cmd.ClipRect.w, bounds.w));
      reaches = reaches || (cmd.ClipRect.z > cmd.ClipRect.x && cmd.ClipRect.w > cmd.ClipRect.y);
    }
    if (reaches) reaching.push_back(list);
  }
  if (!reaching.empty()) {
    ImDrawData part = data;
    part.CmdLists = reaching.data();
    part.CmdListsCount = static_cast<int>(reaching.size());
    part.TotalVtxCount = part.TotalIdxCount = 0;
    for (const ImDrawList* list : reaching) {
      part.TotalVtxCount += list->VtxBuffer.Size;
      part.TotalIdxCount += list->IdxBuffer.Size;
    }
    ImGui_ImplOpenGL3_RenderDrawData(&part);
  }
  std::size_t next = 0;
  for (int l = 0; l < data.CmdListsCount; ++l) {
    for (ImDrawCmd& cmd : data.CmdLists[l]->CmdBuffer) cmd.ClipRect = saved_clips[next++];
  }
}

void DamageRenderer::render(const ImDrawData& data, int framebuffer_width, int framebuffer_height, ImVec4 clear,
                            FrameHints hints) {
  std::vector<TextureChange> changed_textures = std::exchange(changed_textures_, {});
  if (framebuffer_width <= 0 || framebuffer_height <= 0) return;
  glViewport(0, 0, framebuffer_width, framebuffer_height);
  if (!only_changes_) {
    glClearColor(clear.x, clear.y, clear.z, clear.w);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(const_cast<ImDrawData*>(&data));
    last_redrawn_share_ = 1.0;
    return;
  }

  const double now_s = ImGui::GetTime();
  if (hints.whole || framebuffer_width != width_ || framebuffer_height != height_ ||
      now_s - last_whole_frame_s_ >= whole_frame_period_s) {
    damage_.forget();
    width_ = framebuffer_width;
    height_ = framebuffer_height;
  }
  FrameInput frame;
  frame.lists = summarize_draw_data(data, &damage_);
  frame.changed_textures = std::move(changed_textures);
  frame.display = {static_cast<int>(std::floor(data.DisplayPos.x)), static_cast<int>(std::floor(data.DisplayPos.y)),
                   static_cast<int>(std::ceil(data.DisplayPos.x + data.DisplaySize.x)),
                   static_cast<int>(std::ceil(data.DisplayPos.y + data.DisplaySize.y))};
  frame.now_s = now_s;
  frame.user_input = hints.user_input;
  frame.mouse = ImGui::GetIO().MousePos;
  const std::vector<PixelRect> damage = damage_.next(frame);

  long long redrawn = 0;
  for (const PixelRect& rect : damage) {
    if (rect == frame.display) last_whole_frame_s_ = now_s;
    draw_rect(data, rect, clear, framebuffer_height);
    redrawn += rect.area();
  }
  last_redrawn_share_ = frame.display.area() > 0 ? std::min(1.0, double(redrawn) / double(frame.display.area())) : 0.0;
}

}  // namespace threadlab::app
