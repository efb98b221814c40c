#include "threadlab/workloads/primes.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "threadlab/workloads/job.hpp"
#include "threadlab/threading/lock.hpp"
#include "threadlab/threading/registry.hpp"
#include "job_test_support.hpp"

using namespace threadlab;
using namespace threadlab::test;

namespace {

std::uint64_t count_by_trial_division(std::uint64_t limit) {
  std::uint64_t count = 0;
  for (std::uint64_t n = 2; n < limit; ++n) {
    bool prime = true;
    for (std::uint64_t d = 2; d * d <= n && prime; ++d) prime = n % d != 0;
    count += prime;
  }
  return count;
}

std::uint64_t count_on_this_thread(std::uint64_t limit, std::uint64_t segment_size) {
  PrimesJob job(limit, segment_size);
  job.work(std::stop_token{});
  REQUIRE(job.finished());
  return job.count();
}

void run_with_workers(const std::shared_ptr<PrimesJob>& job, int count) {
  for (auto& worker : start_workers(job, count, "primes-")) REQUIRE(worker->join());
}

// 2 * 10^9 numbers in 2^16-number segments: tens of thousands of items, far
// more than a test waits for before cancelling.
std::shared_ptr<PrimesJob> make_big_job() {
  return std::make_shared<PrimesJob>(2'000'000'000ull, 1u << 16);
}

}  // namespace

TEST_CASE("There are 664579 primes below ten million", "[primes]") {
  CHECK(count_on_this_thread(10'000'000, PrimesJob::default_segment_size) == 664579);
}

TEST_CASE("Small limits count the primes strictly below the limit", "[primes]") {
  CHECK(count_on_this_thread(0, 64) == 0);
  CHECK(count_on_this_thread(1, 64) == 0);
  CHECK(count_on_this_thread(2, 64) == 0);
  CHECK(count_on_this_thread(3, 64) == 1);
  CHECK(count_on_this_thread(4, 64) == 2);
  CHECK(count_on_this_thread(100, 64) == 25);
  CHECK(count_on_this_thread(101, 64) == 25);
  CHECK(count_on_this_thread(102, 64) == 26);
  CHECK(count_on_this_thread(1000, 64) == 168);
}

TEST_CASE("Segment boundaries do not change the count", "[primes]") {
  const std::uint64_t segment_size = GENERATE(1, 2, 3, 7, 10, 64, 1000);
  INFO("segments of " << segment_size);
  for (std::uint64_t limit = 0; limit <= 400; ++limit) {
    INFO("limit " << limit);
    REQUIRE(count_on_this_thread(limit, segment_size) == count_by_trial_division(limit));
  }
}

TEST_CASE("A job with nothing to count is finished from the start", "[primes]") {
  PrimesJob job(0);
  CHECK(job.segment_count() == 0);
  CHECK(job.finished());
  CHECK(job.count() == 0);
}

TEST_CASE("One thread calling work() counts every segment, as in single-thread mode", "[primes]") {
  PrimesJob job(1'000'000, 1u << 14);
  CHECK(job.progress().items_done == 0);
  CHECK(job.progress().items_total == job.segment_count());
  CHECK(job.segment_count() == (1'000'000 + (1u << 14) - 1) / (1u << 14));

  job.work(std::stop_token{});

  CHECK(job.progress().finished);
  CHECK_FALSE(job.progress().cancelled);
  CHECK(job.progress().items_done == job.segment_count());
  CHECK(job.count() == 78498);
}

TEST_CASE("The count is the same however many worker threads share the job", "[primes]") {
  const int worker_count = GENERATE(1, 2, 3, 4);
  INFO(worker_count << " workers");
  auto job = std::make_shared<PrimesJob>(1'000'000, 1u << 14);
  run_with_workers(job, worker_count);

  CHECK(job->finished());
  CHECK(job->count() == count_on_this_thread(1'000'000, 1u << 14));
  CHECK(job->count() == 78498);
}

TEST_CASE("The job's named Locks count at least one acquisition per segment", "[primes]") {
  auto job = std::make_shared<PrimesJob>(1'000'000, 1u << 14);
  run_with_workers(job, 2);

  const std::vector<LockStats> locks = all_locks();
  const LockStats* queue = find_lock(locks, job->segment_queue_lock_id());
  const LockStats* count = find_lock(locks, job->count_lock_id());
  REQUIRE(queue != nullptr);
  REQUIRE(count != nullptr);
  CHECK(queue->name == "primes.segment-queue");
  CHECK(count->name == "primes.count");
  CHECK(queue->acquisitions >= job->segment_count());
  CHECK(count->acquisitions >= job->segment_count());
}

TEST_CASE("A cancelled count stops every worker within one segment and leaves no thread behind",
          "[primes]") {
  const std::size_t baseline = active_count();
  auto job = make_big_job();
  const CancelledRun run = cancel_after_first_item(job, 3, "primes-");

  CHECK(run.every_worker_joined);
  CHECK(run.after.cancelled);
  CHECK_FALSE(run.after.finished);
  CHECK(run.after.items_done <= run.at_cancel.items_done + 3);  // at most the segments in hand
  CHECK(job->count() > 0);
  CHECK(active_count() == baseline);
}

TEST_CASE("A count started after a cancelled one completes with the right result", "[primes]") {
  cancel_after_first_item(make_big_job(), 2, "primes-");

  auto restarted = std::make_shared<PrimesJob>(1'000'000, 1u << 14);
  run_with_workers(restarted, 2);
  CHECK(restarted->finished());
  CHECK(restarted->count() == 78498);
}

TEST_CASE("Bad primes arguments are rejected with a clear error", "[primes]") {
  CHECK_THROWS_WITH(PrimesJob(PrimesJob::max_limit + 1),
                    "primes limit 1000000000001 is above the maximum 1000000000000");
  CHECK_THROWS_WITH(PrimesJob(100, 0), "primes segment size must be positive");
  CHECK_NOTHROW(PrimesJob(PrimesJob::max_limit, 1ull << 40));
}
