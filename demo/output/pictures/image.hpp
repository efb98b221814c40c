#pragma once
// An RGBA image the program composes its comparison pictures on by itself
// (no ImageMagick at run time): fill, blit, scale, text in DejaVu Sans, a
// line graph; PNG encoding to memory and atomic writes, PNG decoding for tests.

#include <cstdint>
#include <filesystem>
#include <span>
#include <string_view>
#include <vector>

#include "output/atomic_file.hpp"

namespace threadlab::app {

struct Rgba {
  std::uint8_t r = 0, g = 0, b = 0, a = 255;
  friend bool operator==(const Rgba&, const Rgba&) = default;
};

namespace colours {
inline constexpr Rgba background{20, 20, 26};
inline constexpr Rgba panel{38, 38, 46};
inline constexpr Rgba white{235, 235, 235};
inline constexpr Rgba grey{150, 150, 160};
inline constexpr Rgba red{230, 60, 50};
inline constexpr Rgba green{90, 200, 110};
inline constexpr Rgba blue{90, 150, 240};
inline constexpr Rgba amber{240, 180, 60};
}  // namespace colours

class Image {
 public:
  Image() = default;
  Image(int width, int height, Rgba fill = colours::background);

  int width() const { return width_; }
  int height() const { return height_; }
  bool empty() const { return width_ == 0 || height_ == 0; }
  // Rows top to bottom, 4 bytes a pixel.
  const std::vector<std::uint8_t>& bytes() const { return bytes_; }
  std::vector<std::uint8_t>& bytes() { return bytes_; }

  Rgba at(int x, int y) const;
  void set(int x, int y, Rgba colour);               // clipped
  void blend(int x, int y, Rgba colour, int alpha);  // alpha 0..255, clipped
  void fill(int x, int y, int width, int height, Rgba colour);  // clipped
  // Copies `source` with its top-left corner at (x, y), clipped.
  void blit(const Image& source, int x, int y);
  // Copies rows from top-to-bottom bytes (what glReadPixels gives is bottom-up:
  // the caller flips). bytes.size() must be width*height*4.
  static Image from_rgba(int width, int height, std::span<const std::uint8_t> bytes);

  // The rectangle at (x, y), clipped to the image.
  Image cropped(int x, int y, int width, int height) const;

  // Box-filtered resize, so thin text lines stay visible when shrunk.
  Image scaled(int width, int height) const;

  // How many pixels differ from `colour`.
  std::size_t count_pixels_not(Rgba colour) const;

 private:
  int width_ = 0, height_ = 0;
  std::vector<std::uint8_t> bytes_;
};

// A frame as OpenGL's glReadPixels gives it: rows bottom to top, BGRA (the
// order llvmpipe and most drivers keep, so the read is a plain copy). The
// render thread only copies it out; turning it into an Image (flip, swizzle,
// opaque alpha) is done wherever it costs the window nothing.
struct CapturedFrame {
  int width = 0, height = 0;
  std::vector<std::uint8_t> bgra_bottom_up;
  double read_ms = 0;  // what reading it back cost the render thread

  bool empty() const { return width <= 0 || height <= 0; }
  Image to_image() const;
};

// Text drawn with DejaVu Sans (loaded once). Throws std::runtime_error when
// the font file cannot be read. `y` is the top of the line; returns the width.
inline constexpr const char* default_font_file = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
int draw_text(Image& image, int x, int y, std::string_view text, float pixel_height, Rgba colour);
int text_width(std::string_view text, float pixel_height);

// Values as a polyline in the rectangle, scaled to 0..max(values, threshold*1.2),
// with a dashed horizontal line at `threshold` and its label.
struct GraphStyle {
  Rgba line = colours::green;
  Rgba threshold_line = colours::red;
  const char* threshold_label = "50 ms";
  const char* title = "frame time (ms)";
  // The value at the top edge, so two graphs can share a scale; 0: the
  // largest value (at least 1.2x the threshold).
  float top_value = 0;
};
void draw_line_graph(Image& image, int x, int y, int width, int height,
                     std::span<const float> values, float threshold, const GraphStyle& style = {});

std::vector<std::uint8_t> encode_png(const Image& image);
// Throws std::runtime_error when the bytes are not an image.
Image decode_png(std::span<const std::uint8_t> bytes);
Image read_png(const std::filesystem::path& file);

// Atomically (atomic_file.hpp). Throws std::runtime_error("cannot write FILE: REASON").
void write_png_atomically(const std::filesystem::path& file, const Image& image);

}  // namespace threadlab::app
