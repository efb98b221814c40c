#include "threadlab/workloads/mandelbrot.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "threadlab/workloads/job.hpp"
#include "threadlab/threading/lock.hpp"
#include "threadlab/threading/registry.hpp"
#include "job_test_support.hpp"
#include "../wait_until.hpp"

using namespace threadlab;
using namespace threadlab::test;

namespace {

// Small enough to render quickly under ThreadSanitizer, with many tiles.
constexpr int test_width = 128, test_height = 96, test_tile_size = 16;

// Ten frames into the auto-zoom: a busy part of the set, ~750 iterations.
MandelbrotView test_view() {
  MandelbrotView view = auto_zoom_start(test_width, test_height);
  for (int frame = 0; frame < 10; ++frame) view = next_auto_zoom_frame(view, test_width, test_height);
  return view;
}

std::shared_ptr<MandelbrotJob> make_test_job() {
  return std::make_shared<MandelbrotJob>(test_view(), test_width, test_height, test_tile_size);
}

void append(std::vector<MandelbrotTile>& all, std::vector<MandelbrotTile> more) {
  for (auto& tile : more) all.push_back(std::move(tile));
}

// Renders the job on `count` workers while this thread, like the UI, keeps
// taking the tiles finished so far. Returns every tile taken.
std::vector<MandelbrotTile> render_with_workers(const std::shared_ptr<MandelbrotJob>& job, int count) {
  auto workers = start_workers(job, count, "mandelbrot-");
  std::vector<MandelbrotTile> taken;
  threadlab::testing::wait_until([&] { return !any_alive(workers); }, "the workers to finish the job",
                                 [&] { append(taken, job->take_finished_tiles()); });
  for (auto& worker : workers) REQUIRE(worker->join());
  append(taken, job->take_finished_tiles());
  return taken;
}

// How many taken tiles cover each pixel.
std::vector<int> coverage(const std::vector<MandelbrotTile>& tiles, int width, int height) {
  std::vector<int> times(static_cast<std::size_t>(width * height), 0);
  for (const auto& tile : tiles) {
    for (int y = tile.y; y < tile.y + tile.height; ++y) {
      for (int x = tile.x; x < tile.x + tile.width; ++x) ++times[static_cast<std::size_t>(y * width + x)];
    }
  }
  return times;
}

// The image the tiles make when pasted where they belong.
std::vector<std::uint32_t> assemble(const std::vector<MandelbrotTile>& tiles, int width, int height) {
  std::vector<std::uint32_t> image(static_cast<std::size_t>(width * height), 0);
  for (const auto& tile : tiles) {
    REQUIRE(tile.rgba.size() == static_cast<std::size_t>(tile.width * tile.height));
    for (int row = 0; row < tile.height; ++row) {
      std::copy_n(tile.rgba.begin() + row * tile.width, tile.width,
                  image.begin() + (tile.y + row) * width + tile.x);
    }
  }
  return image;
}

// Deep in the auto-zoom at full size: seconds of work, far more than a test
// waits before cancelling.
std::shared_ptr<MandelbrotJob> make_deep_full_size_job() {
  MandelbrotView deep = auto_zoom_start(640, 480);
  for (int frame = 0; frame < 60; ++frame) deep = next_auto_zoom_frame(deep, 640, 480);
  return std::make_shared<MandelbrotJob>(deep, 640, 480);
}

double distance_in_pixels(const MandelbrotView& view, double x, double y) {
  return std::hypot(x - view.center_x, y - view.center_y) / view.scale;
}

}  // namespace

// --- Views -------------------------------------------------------------------

TEST_CASE("The default view fits the whole set into the image", "[mandelbrot]") {
  CHECK(default_view(640, 480) == MandelbrotView{});

  for (const auto& [width, height] : {std::pair{640, 480}, std::pair{480, 640}, std::pair{100, 100}}) {
    INFO(width << "x" << height);
    const MandelbrotView view = default_view(width, height);
    const auto top_left = pixel_to_complex(view, width, height, 0, 0);
    const auto bottom_right = pixel_to_complex(view, width, height, width, height);
    // The set lies within [-2, 0.471] x [-1.123, 1.123].
    CHECK(top_left.real() < -2.0);
    CHECK(top_left.imag() > 1.123);
    CHECK(bottom_right.real() > 0.471);
    CHECK(bottom_right.imag() < -1.123);
    CHECK(view.max_iterations == mandelbrot_base_iterations);
  }
}

TEST_CASE("The opening view is the auto-zoom's first frame, opening_zoom_frames frames in", "[mandelbrot]") {
  MandelbrotView view = auto_zoom_start(640, 480);
  for (int frame = 0; frame < opening_zoom_frames; ++frame) view = next_auto_zoom_frame(view, 640, 480);
  CHECK(opening_view(640, 480) == view);
  CHECK(opening_view(640, 480).scale < auto_zoom_start(640, 480).scale);
}

TEST_CASE("Panning moves the centre by the given number of pixels", "[mandelbrot]") {
  const MandelbrotView view = default_view(640, 480);
  const MandelbrotView moved = panned(view, 30, -20);

  const auto new_centre = pixel_to_complex(moved, 640, 480, 320, 240);
  const auto same_point_before = pixel_to_complex(view, 640, 480, 320 + 30, 240 - 20);
  CHECK(new_centre.real() == Approx(same_point_before.real()));
  CHECK(new_centre.imag() == Approx(same_point_before.imag()));
  CHECK(moved.scale == view.scale);
  CHECK(moved.max_iterations == view.max_iterations);
}

TEST_CASE("Zooming keeps the point under the cursor where it is", "[mandelbrot]") {
  const MandelbrotView view = default_view(640, 480);
  const double factor = GENERATE(0.5, 0.1, 2.0);
  const MandelbrotView result = zoomed(view, 640, 480, 100, 50, factor);

  const auto before = pixel_to_complex(view, 640, 480, 100, 50);
  const auto after = pixel_to_complex(result, 640, 480, 100, 50);
  CHECK(after.real() == Approx(before.real()).margin(1e-12));
  CHECK(after.imag() == Approx(before.imag()).margin(1e-12));
  CHECK(result.scale == Approx(view.scale * factor));
}

TEST_CASE("Zooming in raises the iteration count with the depth", "[mandelbrot]") {
  const MandelbrotView view = default_view(640, 480);
  const MandelbrotView in_once = zoomed(view, 640, 480, 320, 240, 0.5);
  const MandelbrotView in_ten_times = zoomed(view, 640, 480, 320, 240, 1.0 / 1024);

  CHECK(in_once.max_iterations == mandelbrot_base_iterations + mandelbrot_iterations_per_octave);
  CHECK(in_ten_times.max_iterations == mandelbrot_base_iterations + 10 * mandelbrot_iterations_per_octave);
  CHECK(zoomed(in_once, 640, 480, 320, 240, 2.0).max_iterations == mandelbrot_base_iterations);
}

TEST_CASE("Zooming stops where double precision or the picture runs out", "[mandelbrot]") {
  const MandelbrotView view = default_view(640, 480);

  const MandelbrotView deepest = zoomed(view, 640, 480, 320, 240, 1e-20);
  CHECK(deepest.scale == mandelbrot_min_scale);
  CHECK(deepest.max_iterations <= mandelbrot_max_iterations_limit);

  const MandelbrotView farthest = zoomed(view, 640, 480, 320, 240, 1e6);
  CHECK(farthest.scale == Approx(mandelbrot_max_zoom_out * view.scale));
  CHECK(farthest.max_iterations == mandelbrot_base_iterations);
}

TEST_CASE("Bad view and image arguments are rejected with a clear error", "[mandelbrot]") {
  const MandelbrotView view = default_view(640, 480);
  for (const double factor : {0.0, -2.0, std::numeric_limits<double>::infinity(),
                              std::numeric_limits<double>::quiet_NaN()}) {
    INFO("factor " << factor);
    CHECK_THROWS_AS(zoomed(view, 640, 480, 320, 240, factor), std::invalid_argument);
  }
  CHECK_THROWS_AS(default_view(0, 480), std::invalid_argument);
  CHECK_THROWS_AS(iterations_for_scale(0.0, 640, 480), std::invalid_argument);
  CHECK_THROWS_WITH(default_view(640, -1), "Mandelbrot image size must be positive, not 640x-1");
  CHECK_THROWS_AS(MandelbrotJob(view, 0, 480), std::invalid_argument);
  CHECK_THROWS_WITH(MandelbrotJob(view, 640, 480, 0), "Mandelbrot tile size must be positive, not 0");
}

TEST_CASE("The auto-zoom closes in on the seahorse valley, then starts over", "[mandelbrot]") {
  MandelbrotView view = auto_zoom_start(640, 480);
  CHECK(view == default_view(640, 480));

  int frames = 0;
  for (;; ++frames) {
    REQUIRE(frames < 1000);
    const MandelbrotView next = next_auto_zoom_frame(view, 640, 480);
    if (next.scale > view.scale) {
      CHECK(next == auto_zoom_start(640, 480));
      break;
    }
    CHECK(next.scale == Approx(view.scale * auto_zoom_factor_per_frame));
    CHECK(next.scale >= mandelbrot_min_scale);
    CHECK(next.max_iterations >= view.max_iterations);
    // The target drifts towards the middle of the picture, until rounding
    // leaves it a hundredth of a pixel or less from there.
    const double before = distance_in_pixels(view, auto_zoom_target_x, auto_zoom_target_y);
    const double after = distance_in_pixels(next, auto_zoom_target_x, auto_zoom_target_y);
    CHECK(after < std::max(before, 0.01));
    view = next;
  }
  CHECK(frames > 50);  // it goes deep before starting over
  CHECK(distance_in_pixels(view, auto_zoom_target_x, auto_zoom_target_y) < 1.0);
}

// --- Colours -----------------------------------------------------------------

TEST_CASE("Points inside the set are black and every pixel is opaque", "[mandelbrot]") {
  const MandelbrotView around_origin{0.0, 0.0, 0.01, 256};
  CHECK(mandelbrot_pixel(around_origin, 100, 100, 50, 50) == mandelbrot_inside_colour);
  CHECK(mandelbrot_inside_colour == 0xFF000000u);

  const MandelbrotView far_outside{3.0, 3.0, 0.01, 256};
  const std::uint32_t outside = mandelbrot_pixel(far_outside, 100, 100, 50, 50);
  CHECK(outside != mandelbrot_inside_colour);

  MandelbrotJob job(default_view(64, 48), 64, 48);
  job.work(std::stop_token{});
  for (const std::uint32_t pixel : job.image_copy()) REQUIRE((pixel >> 24) == 0xFFu);
}

TEST_CASE("The colouring shades the outside of the set smoothly", "[mandelbrot]") {
  MandelbrotJob job(test_view(), test_width, test_height);
  job.work(std::stop_token{});
  const std::vector<std::uint32_t> image = job.image_copy();
  const std::set<std::uint32_t> colours(image.begin(), image.end());
  CHECK(colours.size() > 500);  // not banded into a handful of colours
}

// --- The job -----------------------------------------------------------------

TEST_CASE("One thread calling work() renders the whole image, as in single-thread mode", "[mandelbrot]") {
  auto job = make_test_job();
  CHECK(job->tile_count() == (test_width / test_tile_size) * (test_height / test_tile_size));
  CHECK(job->progress().items_done == 0);

  job->work(std::stop_token{});

  const JobProgress progress = job->progress();
  CHECK(progress.finished);
  CHECK_FALSE(progress.cancelled);
  CHECK(progress.items_done == job->tile_count());
  CHECK(progress.items_total == job->tile_count());
}

TEST_CASE("Each pixel of the job's image is the colour of its point", "[mandelbrot]") {
  auto job = make_test_job();
  job->work(std::stop_token{});
  const std::vector<std::uint32_t> image = job->image_copy();

  REQUIRE(image.size() == static_cast<std::size_t>(test_width * test_height));
  for (int y = 0; y < test_height; ++y) {
    for (int x = 0; x < test_width; ++x) {
      REQUIRE(image[static_cast<std::size_t>(y * test_width + x)] ==
              mandelbrot_pixel(job->view(), test_width, test_height, x, y));
    }
  }
}

TEST_CASE("Tiles are handed out from the centre of the image first", "[mandelbrot]") {
  auto job = make_test_job();
  job->work(std::stop_token{});  // one thread finishes tiles in queue order
  const std::vector<MandelbrotTile> tiles = job->take_finished_tiles();

  REQUIRE(tiles.size() == job->tile_count());
  const auto distance_from_centre = [](const MandelbrotTile& tile) {
    return std::hypot(tile.x + tile.width / 2.0 - test_width / 2.0,
                      tile.y + tile.height / 2.0 - test_height / 2.0);
  };
  for (std::size_t i = 1; i < tiles.size(); ++i) {
    CHECK(distance_from_centre(tiles[i - 1]) <= distance_from_centre(tiles[i]));
  }
}

TEST_CASE("The image is bit-identical however many worker threads render it", "[mandelbrot]") {
  auto single_thread = make_test_job();
  single_thread->work(std::stop_token{});

  const int worker_count = GENERATE(1, 2, 3, 4);
  INFO(worker_count << " workers");
  auto job = make_test_job();
  render_with_workers(job, worker_count);

  CHECK(job->progress().finished);
  CHECK(job->checksum() == single_thread->checksum());
  CHECK(job->image_copy() == single_thread->image_copy());
}

TEST_CASE("take_finished_tiles() hands over every tile exactly once while workers render", "[mandelbrot]") {
  auto job = make_test_job();
  const std::vector<MandelbrotTile> taken = render_with_workers(job, 3);

  CHECK(taken.size() == job->tile_count());
  const std::vector<int> times = coverage(taken, test_width, test_height);
  CHECK(std::all_of(times.begin(), times.end(), [](int t) { return t == 1; }));
  CHECK(assemble(taken, test_width, test_height) == job->image_copy());
  CHECK(job->take_finished_tiles().empty());
}

TEST_CASE("The job's named Locks count at least one acquisition per tile", "[mandelbrot]") {
  auto job = make_test_job();
  render_with_workers(job, 2);

  const std::vector<LockStats> locks = all_locks();
  const LockStats* queue = find_lock(locks, job->tile_queue_lock_id());
  const LockStats* image = find_lock(locks, job->image_lock_id());
  REQUIRE(queue != nullptr);
  REQUIRE(image != nullptr);
  CHECK(queue->name == "mandelbrot.tile-queue");
  CHECK(image->name == "mandelbrot.image");
  CHECK(queue->acquisitions >= job->tile_count());
  CHECK(image->acquisitions >= job->tile_count());
  CHECK_FALSE(queue->locked);
  CHECK_FALSE(image->locked);
}

TEST_CASE("A cancelled render stops every worker within one tile and leaves no thread behind",
          "[mandelbrot]") {
  const std::size_t baseline = active_count();
  auto job = make_deep_full_size_job();
  const CancelledRun run = cancel_after_first_item(job, 3, "mandelbrot-");

  CHECK(run.every_worker_joined);
  CHECK(run.after.cancelled);
  CHECK_FALSE(run.after.finished);
  CHECK(run.after.items_done <= run.at_cancel.items_done + 3);  // at most the tiles in hand
  CHECK(active_count() == baseline);
}

TEST_CASE("A render started after a cancelled one completes with the right image", "[mandelbrot]") {
  auto reference = make_test_job();
  reference->work(std::stop_token{});

  cancel_after_first_item(make_deep_full_size_job(), 2, "mandelbrot-");

  auto restarted = make_test_job();
  render_with_workers(restarted, 2);
  CHECK(restarted->progress().finished);
  CHECK(restarted->checksum() == reference->checksum());
}

TEST_CASE("A job cancelled before it starts renders nothing", "[mandelbrot]") {
  auto job = make_test_job();
  job->cancel();
  render_with_workers(job, 2);
  job->work(std::stop_token{});

  CHECK(job->progress().cancelled);
  CHECK(job->progress().items_done == 0);
  CHECK(job->take_finished_tiles().empty());
}
