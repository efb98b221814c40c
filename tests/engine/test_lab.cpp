// The Lab runs the same job on the render thread (single-thread mode) or on
// worker Threads (multi-thread mode), and never leaves a thread behind.
#include <catch2/catch.hpp>

#include <algorithm>
#include <thread>

#include "threadlab/lab/lab.hpp"
#include "threadlab/measurement/machine.hpp"
#include "threadlab/workloads/mandelbrot.hpp"
#include "../wait_until.hpp"
#include "lab_test_support.hpp"

using namespace std::chrono_literals;
using threadlab::Lab;
using threadlab::LabSettings;
using threadlab::Mode;
using threadlab::test::alive_with_prefix;

namespace {

// Plays the render loop until the first job completes; the job's own
// progress is the synchronisation.
void frames_until_job_done(Lab& lab) {
  threadlab::testing::wait_until([&] { return lab.snapshot().jobs_completed > 0; }, "the first job to complete",
                                 [&] { lab.on_frame(threadlab::Clock::now(), threadlab::Millis(16.7)); });
}

}  // namespace

TEST_CASE("Single-thread mode: one frame runs the whole job on the render thread", "[lab]") {
  Lab lab(threadlab::test::small_lab_settings(Mode::single_thread), {});
  lab.start_job();
  REQUIRE(lab.job_running());
  REQUIRE(alive_with_prefix("mandelbrot-") == 0);  // no workers: the render thread is the worker

  lab.on_frame(threadlab::Clock::now(), threadlab::Millis(0));
  const auto snapshot = lab.snapshot();
  REQUIRE(snapshot.jobs_completed == 1);
  REQUIRE_FALSE(lab.job_running());
  const auto me = std::find_if(snapshot.threads.begin(), snapshot.threads.end(),
                               [](const auto& t) { return t.is_main; });
  REQUIRE(me != snapshot.threads.end());
  REQUIRE(me->items_done > 0);

  std::size_t pixels = 0;
  for (const auto& tile : lab.take_finished_tiles()) pixels += tile.rgba.size();
  REQUIRE(pixels == 96u * 64u);
}

TEST_CASE("Single-thread auto-zoom: the frame after a job shows its whole picture before the next job", "[lab]") {
  auto settings = threadlab::test::small_lab_settings(Mode::single_thread);
  settings.auto_zoom = true;
  Lab lab(settings, {});
  lab.start_job();

  // The frame that runs the job: it ends with the job done and the next one
  // not yet started, so the frame drawn now shows the finished picture.
  lab.on_frame(threadlab::Clock::now(), threadlab::Millis(0));
  REQUIRE(lab.snapshot().jobs_completed == 1);
  REQUIRE(lab.snapshot().next_job_due);  // no job under way: the next starts with the next frame
  std::size_t pixels = 0;
  for (const auto& tile : lab.take_finished_tiles()) pixels += tile.rgba.size();
  REQUIRE(pixels == 96u * 64u);
  REQUIRE(lab.job_running());  // the next zoom step is due

  // The next frame starts (and runs) the next zoom step.
  lab.on_frame(threadlab::Clock::now(), threadlab::Millis(16.7));
  REQUIRE(lab.snapshot().jobs_completed == 2);
  pixels = 0;
  for (const auto& tile : lab.take_finished_tiles()) pixels += tile.rgba.size();
  REQUIRE(pixels == 96u * 64u);

  lab.cancel_job();
  REQUIRE_FALSE(lab.job_running());
}

TEST_CASE("Multi-thread mode: the job runs on N worker Threads and they end with it", "[lab]") {
  const auto baseline = threadlab::active_count();
  Lab lab(threadlab::test::small_lab_settings(Mode::multi_thread), {});
  lab.start_job();
  REQUIRE(lab.snapshot().worker_count == 2);
  frames_until_job_done(lab);
  REQUIRE(alive_with_prefix("mandelbrot-") == 0);
  // The Lab's own helpers (probe and CPU monitor) are all that remain.
  REQUIRE(threadlab::active_count() == baseline + 2);
}

TEST_CASE("Both modes produce the same picture, pixel for pixel", "[lab]") {
  const auto picture = [](Mode mode) {
    Lab lab(threadlab::test::small_lab_settings(mode), {});
    lab.start_job();
    frames_until_job_done(lab);
    std::vector<std::uint32_t> image(96 * 64);
    for (const auto& tile : lab.take_finished_tiles())
      for (int row = 0; row < tile.height; ++row)
        std::copy_n(tile.rgba.begin() + row * tile.width, tile.width,
                    image.begin() + (tile.y + row) * 96 + tile.x);
    return image;
  };
  REQUIRE(picture(Mode::single_thread) == picture(Mode::multi_thread));
}

TEST_CASE("Switching mode mid-job cancels the workers and leaves no thread behind", "[lab]") {
  auto settings = threadlab::test::small_lab_settings(Mode::multi_thread);
  settings.workload = threadlab::WorkloadKind::primes;
  settings.primes_limit = 2'000'000'000;  // far more than the test waits for
  Lab lab(settings, {});
  lab.start_job();
  REQUIRE(alive_with_prefix("primes-") == 2);

  lab.set_mode(Mode::single_thread);
  REQUIRE(alive_with_prefix("primes-") == 0);
  REQUIRE(lab.job_running());  // restarted, now waiting for the render thread

  lab.set_mode(Mode::multi_thread);
  REQUIRE(alive_with_prefix("primes-") == 2);
  lab.cancel_job();
  REQUIRE(alive_with_prefix("primes-") == 0);
  REQUIRE_FALSE(lab.job_running());
}

TEST_CASE("Destroying the Lab while workers run joins every thread it started", "[lab]") {
  const auto baseline = threadlab::active_count();
  {
    auto settings = threadlab::test::small_lab_settings(Mode::multi_thread);
    settings.workload = threadlab::WorkloadKind::primes;
    settings.primes_limit = 2'000'000'000;
    settings.workers = 4;
    Lab lab(settings, {});
    lab.start_job();
    REQUIRE(threadlab::active_count() == baseline + 2 + 4);
  }
  REQUIRE(threadlab::active_count() == baseline);
}

TEST_CASE("The snapshot carries Python's threading view, the Locks and the session figures", "[lab]") {
  Lab lab(threadlab::test::small_lab_settings(Mode::multi_thread), {});
  lab.start_job();
  frames_until_job_done(lab);
  const auto snapshot = lab.snapshot();
  REQUIRE(snapshot.current_thread.is_main);
  REQUIRE(snapshot.active_count == snapshot.threads.size());
  REQUIRE(std::any_of(snapshot.threads.begin(), snapshot.threads.end(),
                      [](const auto& t) { return t.name == "responsiveness-probe"; }));
  REQUIRE(std::any_of(snapshot.locks.begin(), snapshot.locks.end(),
                      [](const auto& l) { return l.name == "mandelbrot.tile-queue" && l.acquisitions > 0; }));
  REQUIRE(snapshot.frames.count > 0);
  REQUIRE(snapshot.items_done_total > 0);
  REQUIRE(snapshot.mandelbrot_view.has_value());
  REQUIRE(std::any_of(snapshot.finished_threads.begin(), snapshot.finished_threads.end(),
                      [](const auto& t) { return t.name.rfind("mandelbrot-", 0) == 0; }));
}

TEST_CASE("The Lab opens on opening_view, which the benchmark times without building a Lab", "[lab]") {
  const LabSettings settings = threadlab::test::small_lab_settings(Mode::multi_thread);
  Lab lab(settings, {});
  const auto view = lab.snapshot().mandelbrot_view;
  REQUIRE(view.has_value());
  CHECK(*view == threadlab::opening_view(settings.image_width, settings.image_height));
  CHECK(lab.snapshot().core_count == threadlab::core_count());
}

TEST_CASE("Worker count stays within 1 to twice the cores", "[lab]") {
  Lab lab(threadlab::test::small_lab_settings(Mode::multi_thread), {});
  lab.set_worker_count(0);
  REQUIRE(lab.snapshot().worker_count == 1);
  lab.set_worker_count(1000);
  REQUIRE(lab.snapshot().worker_count == 2 * threadlab::core_count());
}

TEST_CASE("Starting a scenario pauses the job, closing it joins every thread it started", "[lab][scenario]") {
  const std::size_t threads_before = threadlab::active_count();
  {
    LabSettings settings = threadlab::test::small_lab_settings(Mode::multi_thread);
    settings.scenario_duration = 600s;  // it runs until closed
    Lab lab(settings, [] {});
    lab.start_job();
    lab.start_scenario(threadlab::ScenarioKind::race, false);
    REQUIRE_FALSE(lab.job_running());
    REQUIRE(alive_with_prefix("mandelbrot-") == 0);
    const auto running = lab.snapshot();
    REQUIRE(running.scenario.has_value());
    REQUIRE(running.scenario->current.kind == threadlab::ScenarioKind::race);
    REQUIRE_FALSE(running.scenario->current.fix);
    REQUIRE(alive_with_prefix("scenario.race") == 1);

    // The fix toggle: the same scenario again, with the fix.
    lab.start_scenario(threadlab::ScenarioKind::race, true);
    REQUIRE(lab.snapshot().scenario->current.fix);
    REQUIRE(alive_with_prefix("scenario.race") == 1);

    lab.close_scenario();
    REQUIRE_FALSE(lab.snapshot().scenario.has_value());
    REQUIRE(alive_with_prefix("scenario.") == 0);
    lab.start_scenario(threadlab::ScenarioKind::deadlock, false);
  }  // destroyed with a scenario running (maybe deadlocked): everything is joined
  REQUIRE(threadlab::active_count() == threads_before);
}

TEST_CASE("Background tasks run off the calling thread and report back, the Lab waits for them", "[lab]") {
  const std::string caller = threadlab::current_thread().name;
  std::string ran_on;
  {
    Lab lab(threadlab::test::small_lab_settings(Mode::multi_thread), [] {});
    lab.run_in_background([&ran_on] {
      ran_on = threadlab::current_thread().name;
      return std::string("written");
    });
  }  // the destructor lets the task finish
  REQUIRE(ran_on == "background-writer");
  REQUIRE(ran_on != caller);
}

TEST_CASE("Clearing the statistics counts only the items done after it", "[lab]") {
  Lab lab(threadlab::test::small_lab_settings(Mode::single_thread), [] {});
  lab.start_job();
  frames_until_job_done(lab);
  const auto before = lab.snapshot();
  REQUIRE(before.items_done_total > 0);
  lab.clear_statistics();
  REQUIRE(lab.snapshot().items_done_total == 0);
  REQUIRE(lab.snapshot().jobs_completed == 0);
  lab.start_job();
  frames_until_job_done(lab);
  REQUIRE(lab.snapshot().items_done_total == before.items_done_total);  // one whole job, again
}

TEST_CASE("The main page's Locks are shared by every job of the session, so their figures add up", "[lab][locks]") {
  LabSettings settings = threadlab::test::small_lab_settings(Mode::multi_thread);
  settings.auto_zoom = true;  // each finished image starts the next job
  Lab lab(settings, {});
  lab.start_job();
  // Three jobs of a 96x64 image take milliseconds.
  threadlab::testing::wait_until([&] { return lab.snapshot().jobs_completed >= 3; }, "three jobs to complete", [&] {
    lab.on_frame(threadlab::Clock::now(), threadlab::Millis(16.7));
    lab.take_finished_tiles();
  });
  lab.cancel_job();
  const auto snapshot = lab.snapshot();
  INFO("jobs completed: " << snapshot.jobs_completed);
  REQUIRE(snapshot.jobs_completed >= 3);

  const auto named = [&](const std::string& name) {
    const auto found = std::find_if(snapshot.locks.begin(), snapshot.locks.end(),
                                    [&](const threadlab::LockStats& lock) { return lock.name == name; });
    REQUIRE(found != snapshot.locks.end());
    return *found;
  };
  // One Lock of each name, whatever the number of jobs.
  CHECK(std::count_if(snapshot.locks.begin(), snapshot.locks.end(),
                      [](const auto& lock) { return lock.name == "mandelbrot.image"; }) == 1);
  const auto queue = named("mandelbrot.tile-queue");
  const auto image = named("mandelbrot.image");
  // Every tile of every job was taken from the queue and stored in the image.
  CHECK(queue.acquisitions >= snapshot.items_done_total);
  CHECK(image.acquisitions >= snapshot.items_done_total);
  CHECK(snapshot.items_done_total > 24);  // more than one 96x64 image of 16 px tiles
  CHECK(named("primes.count").acquisitions == 0);

  lab.clear_statistics();
  const auto cleared = lab.snapshot();
  for (const auto& lock : cleared.locks) {
    if (lock.name.rfind("mandelbrot.", 0) == 0) CHECK(lock.acquisitions == 0);
  }
}

TEST_CASE("The primes job records which thread sieved each segment", "[lab][primes]") {
  LabSettings settings = threadlab::test::small_lab_settings(Mode::multi_thread);
  settings.workload = threadlab::WorkloadKind::primes;
  settings.primes_limit = 5'000'000;  // 39 segments of 2^17
  Lab lab(settings, {});
  lab.start_job();
  frames_until_job_done(lab);
  lab.start_job();  // a fresh job, to read its segments while they fill in
  threadlab::LabSnapshot snapshot = lab.snapshot();
  threadlab::testing::wait_until([&] { return (snapshot = lab.snapshot()).job.finished; }, "the primes job to finish");
  REQUIRE(snapshot.primes_segment_sievers.size() == snapshot.job.items_total);
  CHECK(snapshot.primes_segments_taken == snapshot.job.items_total);
  // Every segment names a worker of this job.
  std::vector<std::int64_t> worker_tids;
  for (const auto& thread : snapshot.threads)
    if (thread.name.rfind("primes-", 0) == 0) worker_tids.push_back(thread.native_id);
  for (const auto& thread : snapshot.finished_threads)
    if (thread.name.rfind("primes-", 0) == 0) worker_tids.push_back(thread.native_id);
  for (const std::int64_t tid : snapshot.primes_segment_sievers) {
    INFO("segment sieved by TID " << tid);
    CHECK(std::find(worker_tids.begin(), worker_tids.end(), tid) != worker_tids.end());
  }
  // The render thread reads the count with a try: a worker may hold the Lock
  // at that moment, and the next snapshot has it (bounded; the CHECK says what it was).
  const auto deadline = std::chrono::steady_clock::now() + threadlab::testing::wait_limit;
  while (snapshot.primes_found != 348'513u && std::chrono::steady_clock::now() < deadline) snapshot = lab.snapshot();
  CHECK(snapshot.primes_found == 348'513u);  // primes below five million
}

TEST_CASE("A scenario page's snapshot shows the scenario's Locks, not the main page's idle ones", "[lab][locks]") {
  Lab lab(threadlab::test::small_lab_settings(Mode::multi_thread), {});
  const auto has = [](const threadlab::LabSnapshot& snapshot, const std::string& name) {
    return std::any_of(snapshot.locks.begin(), snapshot.locks.end(),
                       [&](const auto& lock) { return lock.name == name; });
  };
  CHECK(has(lab.snapshot(), "mandelbrot.image"));
  lab.start_scenario(threadlab::ScenarioKind::race, true);
  CHECK_FALSE(has(lab.snapshot(), "mandelbrot.image"));
  CHECK_FALSE(has(lab.snapshot(), "primes.count"));
  lab.close_scenario();
  CHECK(has(lab.snapshot(), "mandelbrot.image"));
}
