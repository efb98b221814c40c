// Timing a whole job on N workers: what the benchmark's speedup rows use.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <memory>
#include <thread>

#include "threadlab/measurement/job_timing.hpp"
#include "threadlab/workloads/mandelbrot.hpp"
#include "threadlab/workloads/primes.hpp"
#include "threadlab/threading/registry.hpp"

using namespace threadlab;

TEST_CASE("A timed job runs to its end on the workers and reports its wall time", "[job_timing]") {
  const auto before = active_count();
  const auto job = std::make_shared<MandelbrotJob>(auto_zoom_start(96, 64), 96, 64, 16);
  const auto timing = time_job_on_workers(job, 2, WorkerPriority::normal);
  REQUIRE(timing);
  CHECK(job->progress().finished);
  CHECK(job->progress().items_done == job->tile_count());
  CHECK(timing->wall_s > 0);
  // CPU seconds per wall second of the process: some, and no more than the
  // machine's cores can give.
  CHECK(timing->cores_used > 0);
  CHECK(timing->cores_used <= 1.05 * std::max(1u, std::thread::hardware_concurrency()));
  CHECK(active_count() == before);  // every worker joined
}

TEST_CASE("A timed job stops when asked: cancelled, every worker joined, no timing", "[job_timing]") {
  const auto before = active_count();
  const auto job = std::make_shared<PrimesJob>(2'000'000'000);  // far more than the test waits for
  std::atomic<int> asked{0};
  const auto timing = time_job_on_workers(job, 2, WorkerPriority::normal, [&] { return ++asked < 3; });
  CHECK_FALSE(timing);
  CHECK(asked == 3);
  CHECK_FALSE(job->progress().finished);
  CHECK(active_count() == before);
}
