// Single-thread mode draws only between jobs: the snapshot of such a frame
// tells the job that just ended (at 100 %), the freeze it caused, and the
// next job; both modes start their jobs from the same view and follow the
// same zoom.
#include <catch2/catch.hpp>

#include <algorithm>

#include "threadlab/lab/lab.hpp"
#include "threadlab/workloads/mandelbrot.hpp"
#include "../wait_until.hpp"
#include "lab_test_support.hpp"

using threadlab::Clock;
using threadlab::Lab;
using threadlab::LabSettings;
using threadlab::Millis;
using threadlab::Mode;

namespace {

// The small Lab, zooming in after each job as the window does.
LabSettings zooming_settings(Mode mode) {
  LabSettings settings = threadlab::test::small_lab_settings(mode);
  settings.auto_zoom = true;
  return settings;
}

}  // namespace

TEST_CASE("The frame after a single-thread job shows that job at 100 %, its freeze and the next job", "[lab]") {
  Lab lab(zooming_settings(Mode::single_thread), {});
  const auto began = Clock::now();  // the frame begins, then the job starts (as the app's first frame)
  lab.start_job();
  lab.on_frame(began, Millis(0));
  const auto shown = lab.snapshot();
  REQUIRE(shown.jobs_completed == 1);
  CHECK(shown.job_running);  // the next job is due: nothing says idle
  CHECK(shown.next_job_due);
  REQUIRE(shown.ended_job);
  CHECK(shown.job_name == shown.ended_job->name);
  CHECK(shown.job.finished);
  CHECK(shown.job.items_total > 0);
  CHECK(shown.job.items_done == shown.job.items_total);
  // The picture on screen is the ended job's view; the next job zooms in.
  REQUIRE(shown.mandelbrot_view);
  REQUIRE(shown.next_view);
  CHECK(*shown.mandelbrot_view == *shown.ended_job->view);
  CHECK(shown.next_view->scale < shown.mandelbrot_view->scale);
  // The freeze that just ended is reported, and it is the longest so far.
  REQUIRE(shown.last_freeze);
  const double job_ms = 1000.0 * shown.last_job_seconds;
  CHECK(shown.last_freeze->ms >= job_ms);
  CHECK(shown.longest_freeze_ms == shown.last_freeze->ms);
  CHECK(shown.last_freeze->ended <= shown.taken_at);

  // The next frame's time includes this frame's drawing; the longest freeze
  // stays the job's, as the meter said, unless a later job froze longer.
  lab.on_frame(Clock::now(), Millis(shown.last_freeze->ms + 500.0));
  const auto next = lab.snapshot();
  REQUIRE(next.jobs_completed == 2);
  CHECK(next.longest_freeze_ms == std::max(shown.last_freeze->ms, next.last_freeze->ms));
  lab.cancel_job();
  CHECK_FALSE(lab.snapshot().job_running);
}

TEST_CASE("A long frame in multi-thread mode is the freeze the meter reports", "[lab]") {
  Lab lab(zooming_settings(Mode::multi_thread), {});
  const auto now = Clock::now();
  lab.on_frame(now, Millis(16.7));
  CHECK_FALSE(lab.snapshot().last_freeze);
  lab.on_frame(now, Millis(250.0));
  const auto snapshot = lab.snapshot();
  REQUIRE(snapshot.last_freeze);
  CHECK(snapshot.last_freeze->ms == Approx(250.0));
  CHECK(snapshot.longest_freeze_ms == Approx(250.0));
  lab.clear_statistics();
  CHECK_FALSE(lab.snapshot().last_freeze);
  CHECK(lab.snapshot().longest_freeze_ms == 0);
}

TEST_CASE("Both modes start from the same view and run the same sequence of views", "[lab]") {
  const auto views_of = [](Mode mode, std::uint64_t jobs) {
    Lab lab(zooming_settings(mode), {});
    lab.start_job();
    threadlab::testing::wait_until([&] { return lab.snapshot().jobs_completed >= jobs; }, "jobs to complete",
                                   [&] { lab.on_frame(Clock::now(), Millis(16.7)); });
    return lab.snapshot().job_views;
  };
  const auto single = views_of(Mode::single_thread, 3);
  const auto multi = views_of(Mode::multi_thread, 3);
  REQUIRE(single.size() >= 3);
  REQUIRE(multi.size() >= 3);
  CHECK(single.front() == threadlab::opening_view(96, 64));
  const std::size_t common = std::min(single.size(), multi.size());
  for (std::size_t i = 0; i < common; ++i) CHECK(single[i] == multi[i]);
  CHECK(single[1].scale < single[0].scale);
}
