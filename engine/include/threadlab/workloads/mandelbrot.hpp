#pragma once
// The Mandelbrot set, rendered in tiles by any number of threads (in the
// spirit of Qt's threaded Mandelbrot example). Each pixel's colour is a pure
// function of the view and the pixel, so the image is bit-identical however
// the tiles are shared out among threads.
//
// Pixel coordinates: x grows to the right, y grows downwards, (0, 0) is the
// top-left corner of the image and pixel (i, j) is sampled at its centre
// (i + 0.5, j + 0.5). The imaginary axis points up, as in textbooks.

#include <atomic>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "job.hpp"
#include "threadlab/threading/lock.hpp"

namespace threadlab {

struct MandelbrotView {
  double center_x = -0.75, center_y = 0.0;  // default_view(640, 480)
  double scale = 3.0 / 640;  // complex units per pixel
  int max_iterations = 256;

  bool operator==(const MandelbrotView&) const = default;
};

// Iterations grow with zoom depth: a view zoomed 2^k times deeper than the
// default gets about 150 k more, up to mandelbrot_max_iterations_limit.
inline constexpr int mandelbrot_base_iterations = 256;
inline constexpr int mandelbrot_iterations_per_octave = 150;
inline constexpr int mandelbrot_max_iterations_limit = 20000;

// Below this many complex units per pixel, neighbouring pixels are a few
// hundred doubles apart and iterating amplifies the rounding into visible
// blocks: zooming stops here and the auto-zoom starts over.
inline constexpr double mandelbrot_min_scale = 1e-13;
// Zooming out further than this many default views shows only a dot.
inline constexpr double mandelbrot_max_zoom_out = 4.0;

// The view that fits the whole set into a width x height image.
// Throws std::invalid_argument unless width and height are positive.
MandelbrotView default_view(int width, int height);

// max_iterations for a view `scale` units per pixel in a width x height image.
// Throws std::invalid_argument unless scale is positive and finite.
int iterations_for_scale(double scale, int width, int height);

// Complex number at a (fractional) pixel position.
std::complex<double> pixel_to_complex(const MandelbrotView& view, int width, int height,
                                      double pixel_x, double pixel_y);

// Moves the view's centre by (dx, dy) pixels: the point that was drawn at
// (width/2 + dx, height/2 + dy) becomes the centre. To drag the picture with
// the mouse, pass minus the mouse movement.
MandelbrotView panned(const MandelbrotView& view, double dx_pixels, double dy_pixels);

// Scales the view by `factor` (< 1 zooms in) keeping the complex point under
// (pixel_x, pixel_y) where it is on screen; iterations follow the depth. The
// scale is kept within [mandelbrot_min_scale, mandelbrot_max_zoom_out x the
// default]. Throws std::invalid_argument unless factor is positive and finite
// and width and height are positive.
MandelbrotView zoomed(const MandelbrotView& view, int width, int height, double pixel_x,
                      double pixel_y, double factor);

// The scripted zoom animation: it starts at the default view and closes in on
// a fixed point of the seahorse valley, which drifts to the centre of the
// image as the zoom deepens.
inline constexpr double auto_zoom_target_x = -0.743643887037151;
inline constexpr double auto_zoom_target_y = 0.131825904205330;
inline constexpr double auto_zoom_factor_per_frame = 0.8;

// The first frame of the animation (the default view).
MandelbrotView auto_zoom_start(int width, int height);
// The next frame: auto_zoom_factor_per_frame times the scale, closer to the
// target; after the deepest frame double precision allows, the first frame.
MandelbrotView next_auto_zoom_frame(const MandelbrotView& view, int width, int height);

// The window opens a few auto-zoom frames in: inside the seahorse valley,
// where one frame is about a second of work for one core, so that in
// single-thread mode the freeze is plain to see, not a stutter.
inline constexpr int opening_zoom_frames = 8;
// The view the Lab opens with (and the benchmark's speedup job draws).
MandelbrotView opening_view(int width, int height);

// Colour of one pixel, packed for GL_RGBA + GL_UNSIGNED_BYTE on a little-endian
// machine: red in the low byte, alpha (always 0xFF) in the high byte. Points
// inside the set are black; outside, a cosine palette on the smoothed escape
// count.
std::uint32_t mandelbrot_pixel(const MandelbrotView& view, int width, int height, int x, int y);

inline constexpr std::uint32_t mandelbrot_inside_colour = 0xFF000000u;

// A rectangle of the image with its pixels, row by row (width * height values).
struct MandelbrotTile {
  int x = 0, y = 0, width = 0, height = 0;
  std::vector<std::uint32_t> rgba;
};

// Fills tile.rgba for the tile's rectangle of a width x height image.
void render_tile(const MandelbrotView& view, int width, int height, MandelbrotTile& tile);

// FNV-1a (64-bit) over the pixels' bytes, low byte first.
std::uint64_t fnv1a_checksum(const std::vector<std::uint32_t>& rgba);

// One image as a Job: an item is a tile. Tiles are handed out centre first
// from a queue under Lock "mandelbrot.tile-queue"; a worker renders its tile
// with no lock held, then stores it in the shared image and lists it as
// finished under Lock "mandelbrot.image".
//
// A worker stopped after taking a tile but before storing it (its blocking
// acquire of the image Lock is refused) abandons that tile; the image can then
// never be finished, so the job cancels itself rather than look stuck.
// The two Locks of a Mandelbrot job. A null one: the job makes its own. The
// Lab passes the same two to every job of a session, so that the Locks panel
// adds up the waits of every image, not only of the one being rendered.
struct MandelbrotLocks {
  std::shared_ptr<Lock> tile_queue;  // "mandelbrot.tile-queue"
  std::shared_ptr<Lock> image;       // "mandelbrot.image"
};

class MandelbrotJob : public Job {
 public:
  // Throws std::invalid_argument unless width, height and tile_size are positive.
  MandelbrotJob(MandelbrotView view, int width, int height, int tile_size = 32, MandelbrotLocks locks = {});

  std::string name() const override;
  void work(std::stop_token stop) override;
  JobProgress progress() const override;
  void cancel() override;

  const MandelbrotView& view() const { return view_; }
  int width() const { return width_; }
  int height() const { return height_; }
  int tile_size() const { return tile_size_; }
  std::size_t tile_count() const { return tiles_.size(); }

  // Tiles finished since the last call, with copies of their pixels, for the
  // UI to upload. Each tile is returned exactly once.
  std::vector<MandelbrotTile> take_finished_tiles();
  // The same without waiting: nullopt when a worker holds the image Lock
  // right now (counted as a failed try). For the render thread, which must
  // not wait on a worker that may be preempted while it holds the Lock (at
  // idle priority, for as long as any other thread wants the core): it takes
  // the tiles on the next frame instead.
  std::optional<std::vector<MandelbrotTile>> try_take_finished_tiles();

  // A copy of the whole image (width * height pixels, row by row); pixels of
  // tiles not yet finished are 0. Both read under the image Lock, and return
  // an empty image when the calling engine Thread is being stopped.
  std::vector<std::uint32_t> image_copy() const;
  std::uint64_t checksum() const;  // fnv1a_checksum(image_copy())

  // Lock::id() of this job's locks (to find them in all_locks()).
  std::uint64_t tile_queue_lock_id() const { return tile_queue_lock_->id(); }
  std::uint64_t image_lock_id() const { return image_lock_->id(); }

 private:
  struct TileRect {
    int x, y, width, height;
  };
  static std::vector<TileRect> tiles_centre_first(int width, int height, int tile_size);

  // Index into tiles_ of the next tile to render; nullopt when none is left.
  // Both throw ThreadStopped when the lock is refused because this engine
  // Thread is being stopped.
  std::optional<std::size_t> take_tile();
  void store_tile(std::size_t tile_index, const MandelbrotTile& tile);
  // Copies out and forgets the finished tiles; the caller holds image_lock_.
  std::vector<MandelbrotTile> copy_finished_tiles();

  const MandelbrotView view_;
  const int width_, height_, tile_size_;
  const std::vector<TileRect> tiles_;  // centre first: the order they are handed out

  const std::shared_ptr<Lock> tile_queue_lock_;
  std::size_t next_tile_ = 0;  // guarded by tile_queue_lock_: tiles_[next_tile_..] are queued

  const std::shared_ptr<Lock> image_lock_;
  std::vector<std::uint32_t> image_;         // guarded by image_lock_
  std::vector<std::size_t> finished_tiles_;  // guarded by image_lock_: not yet taken

  std::atomic<std::uint64_t> tiles_done_{0};
  std::atomic<bool> cancelled_{false};
};

}  // namespace threadlab
