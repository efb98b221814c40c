#pragma once
// The Mandelbrot image on the GPU: one RGBA texture the size of the image,
// updated tile by tile as the Lab finishes them, so the picture fills in
// while the workers render it.

#include <imgui.h>

#include <cstdint>

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
  // Counts the changes to the pixels: what shows the texture must be drawn
  // again when it moved on (window/retained_frame.hpp).
  std::uint64_t version() const { return version_; }
  int width() const { return width_; }
  int height() const { return height_; }

 private:
  void allocate();

  unsigned int id_ = 0;
  int width_ = 0, height_ = 0;
  std::uint64_t version_ = 0;
};

}  // namespace threadlab::app
