#include "drawing/texture.hpp"

#include <glad/gl.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace threadlab::app {

MandelbrotTexture::MandelbrotTexture(int width, int height) : width_(width), height_(height) {
  glGenTextures(1, &id_);
  allocate();
}

MandelbrotTexture::~MandelbrotTexture() { glDeleteTextures(1, &id_); }

void MandelbrotTexture::allocate() {
  // Black until the first tiles arrive, rather than whatever the driver had.
  const std::vector<std::uint32_t> black(std::size_t(width_) * std::size_t(height_),
                                         mandelbrot_inside_colour);
  glBindTexture(GL_TEXTURE_2D, id_);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width_, height_, 0, GL_RGBA, GL_UNSIGNED_BYTE,
               black.data());
  changed_ = {PixelRect{0, 0, width_, height_}};
}

void MandelbrotTexture::resize(int width, int height) {
  if (width == width_ && height == height_) return;
  width_ = width;
  height_ = height;
  allocate();
}

void MandelbrotTexture::upload(const MandelbrotTile& tile) {
  const bool fits = tile.x >= 0 && tile.y >= 0 && tile.width > 0 && tile.height > 0 &&
                    tile.x + tile.width <= width_ && tile.y + tile.height <= height_ &&
                    tile.rgba.size() == std::size_t(tile.width) * std::size_t(tile.height);
  if (!fits) return;
  glBindTexture(GL_TEXTURE_2D, id_);
  // Pixels are packed for GL_RGBA + GL_UNSIGNED_BYTE, rows back to back (4 bytes each).
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
  glTexSubImage2D(GL_TEXTURE_2D, 0, tile.x, tile.y, tile.width, tile.height, GL_RGBA,
                  GL_UNSIGNED_BYTE, tile.rgba.data());
  changed_.push_back({tile.x, tile.y, tile.x + tile.width, tile.y + tile.height});
}

std::vector<ImVec4> MandelbrotTexture::take_changed_uv() {
  // A frame's tiles, gathered into the few rectangles a redraw pass takes.
  constexpr std::size_t most_rects = 4;
  std::vector<ImVec4> parts;
  if (width_ <= 0 || height_ <= 0) return parts;
  const float w = float(width_), h = float(height_);
  for (const PixelRect& texels : merged(std::exchange(changed_, {}), most_rects)) {
    parts.emplace_back(float(std::max(texels.x0 - 1, 0)) / w, float(std::max(texels.y0 - 1, 0)) / h,
                       float(std::min(texels.x1 + 1, width_)) / w, float(std::min(texels.y1 + 1, height_)) / h);
  }
  return parts;
}

ImTextureID MandelbrotTexture::imgui_id() const {
  // ImGui's OpenGL 3 backend takes the GL texture name as its ImTextureID.
  return reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(id_));
}

}  // namespace threadlab::app
