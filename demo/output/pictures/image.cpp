#include "image.hpp"

#include <fmt/format.h>
#include <stb_image.h>
#include <stb_image_write.h>
#include <stb_truetype.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <mutex>
#include <stdexcept>

namespace threadlab::app {

Image::Image(int width, int height, Rgba fill_colour)
    : width_(std::max(width, 0)), height_(std::max(height, 0)),
      bytes_(static_cast<std::size_t>(width_) * height_ * 4) {
  fill(0, 0, width_, height_, fill_colour);
}

Rgba Image::at(int x, int y) const {
  const std::uint8_t* p = &bytes_[(static_cast<std::size_t>(y) * width_ + x) * 4];
  return {p[0], p[1], p[2], p[3]};
}

void Image::set(int x, int y, Rgba colour) {
  if (x < 0 || y < 0 || x >= width_ || y >= height_) return;
  std::uint8_t* p = &bytes_[(static_cast<std::size_t>(y) * width_ + x) * 4];
  p[0] = colour.r, p[1] = colour.g, p[2] = colour.b, p[3] = colour.a;
}

void Image::blend(int x, int y, Rgba colour, int alpha) {
  if (x < 0 || y < 0 || x >= width_ || y >= height_ || alpha <= 0) return;
  std::uint8_t* p = &bytes_[(static_cast<std::size_t>(y) * width_ + x) * 4];
  auto mix = [alpha](std::uint8_t under, std::uint8_t over) {
    return static_cast<std::uint8_t>((under * (255 - alpha) + over * alpha + 127) / 255);
  };
  p[0] = mix(p[0], colour.r), p[1] = mix(p[1], colour.g), p[2] = mix(p[2], colour.b);
  p[3] = std::max<std::uint8_t>(p[3], static_cast<std::uint8_t>(std::min(alpha, 255)));
}

void Image::fill(int x, int y, int width, int height, Rgba colour) {
  const int x0 = std::max(x, 0), y0 = std::max(y, 0);
  const int x1 = std::min(x + width, width_), y1 = std::min(y + height, height_);
  for (int row = y0; row < y1; ++row) {
    for (int column = x0; column < x1; ++column) set(column, row, colour);
  }
}

void Image::blit(const Image& source, int x, int y) {
  const int x0 = std::max(x, 0), y0 = std::max(y, 0);
  const int x1 = std::min(x + source.width_, width_), y1 = std::min(y + source.height_, height_);
  if (x0 >= x1) return;
  for (int row = y0; row < y1; ++row) {
    const auto* from = &source.bytes_[(static_cast<std::size_t>(row - y) * source.width_ + (x0 - x)) * 4];
    auto* to = &bytes_[(static_cast<std::size_t>(row) * width_ + x0) * 4];
    std::memcpy(to, from, static_cast<std::size_t>(x1 - x0) * 4);
  }
}

Image Image::from_rgba(int width, int height, std::span<const std::uint8_t> bytes) {
  if (width <= 0 || height <= 0 || bytes.size() != static_cast<std::size_t>(width) * height * 4) {
    throw std::invalid_argument(fmt::format("{} bytes are not a {}x{} RGBA image", bytes.size(), width, height));
  }
  Image image;
  image.width_ = width, image.height_ = height;
  image.bytes_.assign(bytes.begin(), bytes.end());
  return image;
}

Image Image::cropped(int x, int y, int width, int height) const {
  const int left = std::clamp(x, 0, width_), top = std::clamp(y, 0, height_);
  const int right = std::clamp(x + width, left, width_), bottom = std::clamp(y + height, top, height_);
  Image out(right - left, bottom - top);
  if (out.empty()) return out;
  const std::size_t row = static_cast<std::size_t>(out.width_) * 4;
  for (int row_index = 0; row_index < out.height_; ++row_index) {
    std::copy_n(&bytes_[(static_cast<std::size_t>(top + row_index) * width_ + left) * 4], row,
                &out.bytes_[static_cast<std::size_t>(row_index) * row]);
  }
  return out;
}

Image Image::scaled(int width, int height) const {
  Image result(width, height);
  if (empty() || result.empty()) return result;
  for (int y = 0; y < height; ++y) {
    const int sy0 = static_cast<int>(static_cast<long long>(y) * height_ / height);
    const int sy1 = std::max(sy0 + 1, static_cast<int>(static_cast<long long>(y + 1) * height_ / height));
    for (int x = 0; x < width; ++x) {
      const int sx0 = static_cast<int>(static_cast<long long>(x) * width_ / width);
      const int sx1 = std::max(sx0 + 1, static_cast<int>(static_cast<long long>(x + 1) * width_ / width));
      unsigned sum[4] = {0, 0, 0, 0};
      unsigned count = 0;
      for (int sy = sy0; sy < std::min(sy1, height_); ++sy) {
        for (int sx = sx0; sx < std::min(sx1, width_); ++sx) {
          const std::uint8_t* p = &bytes_[(static_cast<std::size_t>(sy) * width_ + sx) * 4];
          for (int c = 0; c < 4; ++c) sum[c] += p[c];
          ++count;
        }
      }
      count = std::max(count, 1u);
      result.set(x, y, {static_cast<std::uint8_t>(sum[0] / count), static_cast<std::uint8_t>(sum[1] / count),
                        static_cast<std::uint8_t>(sum[2] / count), static_cast<std::uint8_t>(sum[3] / count)});
    }
  }
  return result;
}

std::size_t Image::count_pixels_not(Rgba colour) const {
  std::size_t count = 0;
  for (int y = 0; y < height_; ++y) {
    for (int x = 0; x < width_; ++x) count += at(x, y) == colour ? 0 : 1;
  }
  return count;
}

namespace {

std::vector<std::uint8_t> read_whole_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error(fmt::format("cannot read {}: {}", file.string(), std::strerror(errno)));
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class Font {
 public:
  explicit Font(const std::filesystem::path& file) : data_(read_whole_file(file)) {
    const int offset = stbtt_GetFontOffsetForIndex(data_.data(), 0);
    if (offset < 0 || !stbtt_InitFont(&info_, data_.data(), offset)) {
      throw std::runtime_error(fmt::format("{} is not a TrueType font", file.string()));
    }
  }

  // Draws (when `image` is given) and measures, so both agree.
  int render(Image* image, int x, int y, std::string_view text, float pixel_height, Rgba colour) const {
    const float scale = stbtt_ScaleForPixelHeight(&info_, pixel_height);
    int ascent = 0, descent = 0, gap = 0;
    stbtt_GetFontVMetrics(&info_, &ascent, &descent, &gap);
    const int baseline = y + static_cast<int>(std::lround(ascent * scale));
    float pen = static_cast<float>(x);
    int previous = 0;
    for (const unsigned char byte : text) {
      // The labels are ASCII; anything else shows as '?'.
      const int codepoint = byte < 128 ? byte : '?';
      if (previous) pen += scale * stbtt_GetCodepointKernAdvance(&info_, previous, codepoint);
      int advance = 0, bearing = 0;
      stbtt_GetCodepointHMetrics(&info_, codepoint, &advance, &bearing);
      if (image) {
        int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
        stbtt_GetCodepointBitmapBox(&info_, codepoint, scale, scale, &x0, &y0, &x1, &y1);
        const int w = x1 - x0, h = y1 - y0;
        if (w > 0 && h > 0) {
          std::vector<unsigned char> coverage(static_cast<std::size_t>(w) * h);
          stbtt_MakeCodepointBitmap(&info_, coverage.data(), w, h, w, scale, scale, codepoint);
          const int left = static_cast<int>(std::lround(pen)) + x0, top = baseline + y0;
          for (int row = 0; row < h; ++row) {
            for (int column = 0; column < w; ++column) {
              image->blend(left + column, top + row, colour, coverage[static_cast<std::size_t>(row) * w + column]);
            }
          }
        }
      }
      pen += scale * advance;
      previous = codepoint;
    }
    return static_cast<int>(std::lround(pen)) - x;
  }

 private:
  std::vector<std::uint8_t> data_;
  stbtt_fontinfo info_{};
};

const Font& default_font() {
  static const Font font(default_font_file);  // thread-safe initialisation
  return font;
}

}  // namespace

int draw_text(Image& image, int x, int y, std::string_view text, float pixel_height, Rgba colour) {
  return default_font().render(&image, x, y, text, pixel_height, colour);
}

int text_width(std::string_view text, float pixel_height) {
  return default_font().render(nullptr, 0, 0, text, pixel_height, {});
}

void draw_line_graph(Image& image, int x, int y, int width, int height, std::span<const float> values,
                     float threshold, const GraphStyle& style) {
  image.fill(x, y, width, height, colours::panel);
  const int label_height = 16;
  draw_text(image, x + 4, y + 2, style.title, 14, colours::grey);
  const int top = y + label_height + 4, bottom = y + height - 4;
  const int left = x + 4, right = x + width - 4;
  if (bottom <= top || right <= left) return;
  float top_value = style.top_value;
  if (top_value <= 0) {
    top_value = threshold * 1.2f;
    for (float v : values) top_value = std::max(top_value, v);
  }
  const std::string top_label = fmt::format("{:.0f} ms", top_value);
  draw_text(image, right - text_width(top_label, 12) - 2, top, top_label, 12, colours::grey);
  auto to_y = [&](float v) {
    return bottom - static_cast<int>(std::lround((bottom - top) * std::clamp(v / top_value, 0.0f, 1.0f)));
  };
  const int threshold_y = to_y(threshold);
  for (int column = left; column < right; column += 6) {
    image.fill(column, threshold_y, 3, 1, style.threshold_line);
  }
  draw_text(image, right - text_width(style.threshold_label, 12) - 2, threshold_y - 14, style.threshold_label, 12,
            style.threshold_line);
  if (values.empty()) return;
  auto to_x = [&](std::size_t i) {
    return values.size() == 1 ? left
                              : left + static_cast<int>((right - left) * static_cast<long long>(i) /
                                                        static_cast<long long>(values.size() - 1));
  };
  for (std::size_t i = 0; i < values.size(); ++i) {
    // Vertical steps from the previous point, so a single long frame shows as a spike.
    const int px = to_x(i), py = to_y(values[i]);
    const int prev_x = i ? to_x(i - 1) : px, prev_y = i ? to_y(values[i - 1]) : py;
    const int steps = std::max({std::abs(px - prev_x), std::abs(py - prev_y), 1});
    for (int s = 0; s <= steps; ++s) {
      const int lx = prev_x + (px - prev_x) * s / steps, ly = prev_y + (py - prev_y) * s / steps;
      image.fill(lx, ly, 2, 2, style.line);
    }
  }
}

std::vector<std::uint8_t> encode_png(const Image& image) {
  if (image.empty()) throw std::invalid_argument("cannot encode an empty image");
  std::vector<std::uint8_t> png;
  auto append = [](void* context, void* data, int size) {
    auto* out = static_cast<std::vector<std::uint8_t>*>(context);
    const auto* begin = static_cast<const std::uint8_t*>(data);
    out->insert(out->end(), begin, begin + size);
  };
  if (!stbi_write_png_to_func(append, &png, image.width(), image.height(), 4, image.bytes().data(),
                              image.width() * 4)) {
    throw std::runtime_error("PNG encoding failed");
  }
  return png;
}

Image decode_png(std::span<const std::uint8_t> bytes) {
  int width = 0, height = 0, channels = 0;
  std::unique_ptr<stbi_uc, void (*)(void*)> pixels(
      stbi_load_from_memory(bytes.data(), static_cast<int>(bytes.size()), &width, &height, &channels, 4),
      stbi_image_free);
  if (!pixels) throw std::runtime_error(fmt::format("not an image: {}", stbi_failure_reason()));
  return Image::from_rgba(width, height,
                          std::span<const std::uint8_t>(pixels.get(), static_cast<std::size_t>(width) * height * 4));
}

Image read_png(const std::filesystem::path& file) { return decode_png(read_whole_file(file)); }

void write_png_atomically(const std::filesystem::path& file, const Image& image) {
  write_file_atomically(file, encode_png(image));
}

Image CapturedFrame::to_image() const {
  if (empty()) return Image();
  const std::size_t row = static_cast<std::size_t>(width) * 4;
  if (bgra_bottom_up.size() != row * static_cast<std::size_t>(height)) {
    throw std::runtime_error("a captured frame has the wrong number of bytes");
  }
  Image image(width, height);
  std::vector<std::uint8_t>& out = image.bytes();
  for (int y = 0; y < height; ++y) {
    const std::uint8_t* from = &bgra_bottom_up[static_cast<std::size_t>(height - 1 - y) * row];
    std::uint8_t* to = &out[static_cast<std::size_t>(y) * row];
    for (int x = 0; x < width; ++x, from += 4, to += 4) {
      to[0] = from[2];
      to[1] = from[1];
      to[2] = from[0];
      to[3] = 255;  // the window is opaque
    }
  }
  return image;
}

}  // namespace threadlab::app
