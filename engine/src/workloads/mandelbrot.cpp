#include "threadlab/workloads/mandelbrot.hpp"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <numbers>
#include <stdexcept>
#include <utility>

#include "threadlab/threading/registry.hpp"

namespace threadlab {

namespace {

// The default view shows [-2.25, 0.75] x [-1.125, 1.125]: the whole set with a
// margin, and exactly 3.0 / 640 units per pixel at 640 x 480.
constexpr double default_center_x = -0.75;
constexpr double default_width_units = 3.0;
constexpr double default_height_units = 2.25;

// A large escape radius makes the smoothed escape count continuous.
constexpr double escape_radius_squared = 256.0 * 256.0;

void require_image_size(int width, int height) {
  if (width <= 0 || height <= 0) {
    throw std::invalid_argument("Mandelbrot image size must be positive, not " +
                                std::to_string(width) + "x" + std::to_string(height));
  }
}

double default_scale(int width, int height) {
  return std::max(default_width_units / width, default_height_units / height);
}

// Iterations z -> z^2 + c before |z| exceeds the escape radius, with the
// fractional part that removes colour bands; nullopt inside the set.
std::optional<double> smooth_escape_count(double c_re, double c_im, int max_iterations) {
  double z_re = 0, z_im = 0, z_re2 = 0, z_im2 = 0;
  for (int n = 0; n < max_iterations; ++n) {
    z_im = 2 * z_re * z_im + c_im;
    z_re = z_re2 - z_im2 + c_re;
    z_re2 = z_re * z_re;
    z_im2 = z_im * z_im;
    if (z_re2 + z_im2 > escape_radius_squared) {
      const double log_modulus = std::log(z_re2 + z_im2) / 2;
      return n + 1 - std::log2(log_modulus / std::numbers::ln2);
    }
  }
  return std::nullopt;
}

std::uint32_t pack_rgba(double red, double green, double blue) {
  const auto byte = [](double channel) {
    return static_cast<std::uint32_t>(std::lround(std::clamp(channel, 0.0, 1.0) * 255));
  };
  return byte(red) | byte(green) << 8 | byte(blue) << 16 | 0xFFu << 24;
}

// Inigo Quilez's cosine palette. The square root slows the colour cycle down
// as counts grow, so deep zooms (thousands of iterations) are not noise.
std::uint32_t palette(double escape_count) {
  const double t = 0.18 * std::sqrt(std::max(escape_count, 0.0));
  const auto channel = [t](double phase) {
    return 0.5 + 0.5 * std::cos(2 * std::numbers::pi * (t + phase));
  };
  return pack_rgba(channel(0.0), channel(0.10), channel(0.20));
}

}  // namespace

MandelbrotView default_view(int width, int height) {
  require_image_size(width, height);
  const double scale = default_scale(width, height);
  return MandelbrotView{default_center_x, 0.0, scale, iterations_for_scale(scale, width, height)};
}

int iterations_for_scale(double scale, int width, int height) {
  require_image_size(width, height);
  if (!(scale > 0) || !std::isfinite(scale)) {
    throw std::invalid_argument("Mandelbrot scale must be positive and finite, not " +
                                std::to_string(scale));
  }
  const double octaves = std::log2(default_scale(width, height) / scale);
  const double iterations = mandelbrot_base_iterations + mandelbrot_iterations_per_octave * octaves;
  return static_cast<int>(std::lround(std::clamp(iterations, double(mandelbrot_base_iterations),
                                                 double(mandelbrot_max_iterations_limit))));
}

std::complex<double> pixel_to_complex(const MandelbrotView& view, int width, int height,
                                      double pixel_x, double pixel_y) {
  return {view.center_x + (pixel_x - width / 2.0) * view.scale,
          view.center_y - (pixel_y - height / 2.0) * view.scale};
}

MandelbrotView panned(const MandelbrotView& view, double dx_pixels, double dy_pixels) {
  MandelbrotView moved = view;
  moved.center_x += dx_pixels * view.scale;
  moved.center_y -= dy_pixels * view.scale;
  return moved;
}

MandelbrotView zoomed(const MandelbrotView& view, int width, int height, double pixel_x,
                      double pixel_y, double factor) {
  require_image_size(width, height);
  if (!(factor > 0) || !std::isfinite(factor)) {
    throw std::invalid_argument("zoom factor must be positive and finite, not " +
                                std::to_string(factor));
  }
  const std::complex<double> fixed_point = pixel_to_complex(view, width, height, pixel_x, pixel_y);
  MandelbrotView result = view;
  result.scale = std::clamp(view.scale * factor, mandelbrot_min_scale,
                            mandelbrot_max_zoom_out * default_scale(width, height));
  result.center_x = fixed_point.real() - (pixel_x - width / 2.0) * result.scale;
  result.center_y = fixed_point.imag() + (pixel_y - height / 2.0) * result.scale;
  result.max_iterations = iterations_for_scale(result.scale, width, height);
  return result;
}

MandelbrotView auto_zoom_start(int width, int height) { return default_view(width, height); }

MandelbrotView next_auto_zoom_frame(const MandelbrotView& view, int width, int height) {
  const double factor = auto_zoom_factor_per_frame;
  const double scale = view.scale * factor;
  if (scale < mandelbrot_min_scale) return auto_zoom_start(width, height);
  // The centre closes in on the target factor^2 times per frame while the
  // scale shrinks factor times, so the target's distance from the centre, in
  // pixels, shrinks by `factor` each frame: it drifts to the middle.
  const double closing = factor * factor;
  return MandelbrotView{auto_zoom_target_x + (view.center_x - auto_zoom_target_x) * closing,
                        auto_zoom_target_y + (view.center_y - auto_zoom_target_y) * closing, scale,
                        iterations_for_scale(scale, width, height)};
}

MandelbrotView opening_view(int width, int height) {
  auto view = auto_zoom_start(width, height);
  for (int frame = 0; frame < opening_zoom_frames; ++frame) view = next_auto_zoom_frame(view, width, height);
  return view;
}

std::uint32_t mandelbrot_pixel(const MandelbrotView& view, int width, int height, int x, int y) {
  const std::complex<double> c = pixel_to_complex(view, width, height, x + 0.5, y + 0.5);
  const std::optional<double> escape_count =
      smooth_escape_count(c.real(), c.imag(), view.max_iterations);
  return escape_count ? palette(*escape_count) : mandelbrot_inside_colour;
}

void render_tile(const MandelbrotView& view, int width, int height, MandelbrotTile& tile) {
  tile.rgba.resize(static_cast<std::size_t>(tile.width) * static_cast<std::size_t>(tile.height));
  auto pixel = tile.rgba.begin();
  for (int y = tile.y; y < tile.y + tile.height; ++y) {
    for (int x = tile.x; x < tile.x + tile.width; ++x) {
      *pixel++ = mandelbrot_pixel(view, width, height, x, y);
    }
  }
}

std::uint64_t fnv1a_checksum(const std::vector<std::uint32_t>& rgba) {
  std::uint64_t hash = 0xcbf29ce484222325ull;
  for (std::uint32_t value : rgba) {
    for (int shift = 0; shift < 32; shift += 8) {
      hash ^= (value >> shift) & 0xFFu;
      hash *= 0x100000001b3ull;
    }
  }
  return hash;
}

namespace {

int checked_tile_size(int width, int height, int tile_size) {
  require_image_size(width, height);
  if (tile_size <= 0) {
    throw std::invalid_argument("Mandelbrot tile size must be positive, not " +
                                std::to_string(tile_size));
  }
  return tile_size;
}

}  // namespace

std::vector<MandelbrotJob::TileRect> MandelbrotJob::tiles_centre_first(int width, int height,
                                                                      int tile_size) {
  std::vector<TileRect> tiles;
  for (int y = 0; y < height; y += tile_size) {
    for (int x = 0; x < width; x += tile_size) {
      tiles.push_back({x, y, std::min(tile_size, width - x), std::min(tile_size, height - y)});
    }
  }
  const auto distance_from_centre = [&](const TileRect& tile) {
    const double dx = tile.x + tile.width / 2.0 - width / 2.0;
    const double dy = tile.y + tile.height / 2.0 - height / 2.0;
    return dx * dx + dy * dy;
  };
  // Stable, so tiles equally far from the centre keep row-major order.
  std::stable_sort(tiles.begin(), tiles.end(), [&](const TileRect& a, const TileRect& b) {
    return distance_from_centre(a) < distance_from_centre(b);
  });
  return tiles;
}

MandelbrotJob::MandelbrotJob(MandelbrotView view, int width, int height, int tile_size, MandelbrotLocks locks)
    : view_(view),
      width_(width),
      height_(height),
      tile_size_(checked_tile_size(width, height, tile_size)),
      tiles_(tiles_centre_first(width, height, tile_size_)),
      tile_queue_lock_(locks.tile_queue ? std::move(locks.tile_queue) : std::make_shared<Lock>("mandelbrot.tile-queue")),
      image_lock_(locks.image ? std::move(locks.image) : std::make_shared<Lock>("mandelbrot.image")),
      image_(static_cast<std::size_t>(width) * static_cast<std::size_t>(height), 0u) {}

std::string MandelbrotJob::name() const {
  return "Mandelbrot " + std::to_string(width_) + "x" + std::to_string(height_);
}

void MandelbrotJob::work(std::stop_token stop) {
  work_through_queue(*this, stop, cancelled_, [this] { return take_tile(); }, [this](std::size_t index) {
    const TileRect& rect = tiles_[index];
    MandelbrotTile tile{rect.x, rect.y, rect.width, rect.height, {}};
    render_tile(view_, width_, height_, tile);  // the long part, with no lock held
    store_tile(index, tile);
    report_item_done();
  });
}

std::optional<std::size_t> MandelbrotJob::take_tile() {
  Lock::Guard guard(*tile_queue_lock_);
  if (next_tile_ == tiles_.size()) return std::nullopt;
  return next_tile_++;
}

void MandelbrotJob::store_tile(std::size_t tile_index, const MandelbrotTile& tile) {
  Lock::Guard guard(*image_lock_);
  for (int row = 0; row < tile.height; ++row) {
    const auto source = tile.rgba.begin() + static_cast<std::ptrdiff_t>(row) * tile.width;
    const auto destination =
        image_.begin() + static_cast<std::ptrdiff_t>(tile.y + row) * width_ + tile.x;
    std::copy(source, source + tile.width, destination);
  }
  finished_tiles_.push_back(tile_index);
  tiles_done_.fetch_add(1);
}

JobProgress MandelbrotJob::progress() const {
  JobProgress progress;
  progress.items_done = tiles_done_.load();
  progress.items_total = tiles_.size();
  progress.finished = progress.items_done == progress.items_total;
  progress.cancelled = cancelled_.load() && !progress.finished;
  return progress;
}

void MandelbrotJob::cancel() { cancelled_.store(true); }

std::vector<MandelbrotTile> MandelbrotJob::take_finished_tiles() {
  Lock::Guard guard(*image_lock_);
  return copy_finished_tiles();
}

std::optional<std::vector<MandelbrotTile>> MandelbrotJob::try_take_finished_tiles() {
  std::unique_lock<Lock> guard(*image_lock_, std::try_to_lock);
  if (!guard.owns_lock()) return std::nullopt;
  return copy_finished_tiles();
}

std::vector<MandelbrotTile> MandelbrotJob::copy_finished_tiles() {
  std::vector<MandelbrotTile> taken;
  taken.reserve(finished_tiles_.size());
  for (std::size_t index : finished_tiles_) {
    const TileRect& rect = tiles_[index];
    MandelbrotTile& tile = taken.emplace_back(MandelbrotTile{rect.x, rect.y, rect.width, rect.height, {}});
    tile.rgba.reserve(static_cast<std::size_t>(rect.width) * static_cast<std::size_t>(rect.height));
    for (int row = 0; row < rect.height; ++row) {
      const auto source = image_.begin() + static_cast<std::ptrdiff_t>(rect.y + row) * width_ + rect.x;
      tile.rgba.insert(tile.rgba.end(), source, source + rect.width);
    }
  }
  finished_tiles_.clear();
  return taken;
}

std::vector<std::uint32_t> MandelbrotJob::image_copy() const {
  Lock::Guard guard(*image_lock_);
  return image_;
}

std::uint64_t MandelbrotJob::checksum() const { return fnv1a_checksum(image_copy()); }

}  // namespace threadlab
