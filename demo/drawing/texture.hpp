#pragma once
// The Mandelbrot image on the GPU: one RGBA texture the size of the image,
// updated tile by tile as the Lab finishes them, so the picture fills in
// while the workers render it.

#include <imgui.h>

#include <vector>

#include "drawing/pixel_rect.hpp"

#include "threadlab/workloads/mandelbrot.hpp"

namespace threadlab::app {

class MandelbrotTexture {
 public:
  // Needs a current OpenGL context, here and in every member.
  MandelbrotTexture(int width, int height);
  ~MandelbrotTexture();
  MandelbrotTexture(const MandelbrotTexture&) = delete;
  MandelbrotTexture& operator=(const MandelbrotTexture&) = delete;

  // Reallocates (black) when the image size changes; otherwise does nothing.
  void resize(int width, int height);
  // Copies the tile's pixels into place; a tile that does not fit is ignored.
  void upload(const MandelbrotTile& tile);

  ImTextureID imgui_id() const;
  // The parts of the texture (u0, v0, u1, v1 in 0..1) whose pixels changed
  // since the last call, a few rectangles at most, each widened by the
  // texel its linear filtering blends in at each side. What shows them is
  // drawn again.
  std::vector<ImVec4> take_changed_uv();
  int width() const { return width_; }
  int height() const { return height_; }

 private:
  void allocate();

  unsigned int id_ = 0;
  int width_ = 0, height_ = 0;
  std::vector<PixelRect> changed_;  // texels changed since the last take_changed_uv()
};

}  // namespace threadlab::app
