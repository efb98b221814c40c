// The worker pacer (workloads/worker_pacer.hpp): late frames cut the
// workers' share of time by half, frames on time give it back a tenth at a
// time, and only a paced worker rests.

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <stop_token>
#include <thread>

#include "../wait_until.hpp"
#include "threadlab/workloads/job.hpp"
#include "threadlab/workloads/worker_pacer.hpp"

using namespace threadlab;
using namespace std::chrono_literals;

namespace {

void frames(WorkerPacer& pacer, int count, double ms) {
  for (int i = 0; i < count; ++i) pacer.frame_drawn(ms);
}

constexpr int stretch = PacerSettings{}.frames_per_decision;

// A job of `items` items, each a little busy work, run through the queue loop.
class CountingJob : public Job {
 public:
  explicit CountingJob(int items) : left_(items) {}
  std::string name() const override { return "counting"; }
  void work(std::stop_token stop) override {
    work_through_queue(
        *this, stop, cancelled_,
        [this]() -> std::optional<int> {
          const int left = left_.fetch_sub(1);
          return left > 0 ? std::optional(left) : std::nullopt;
        },
        [](int) {
          const auto until = std::chrono::steady_clock::now() + 200us;
          while (std::chrono::steady_clock::now() < until) {
          }
        });
  }
  JobProgress progress() const override { return {}; }
  void cancel() override { cancelled_ = true; }

 private:
  std::atomic<int> left_;
  std::atomic<bool> cancelled_{false};
};

}  // namespace

TEST_CASE("Late frames halve the workers' share, frames on time give it back a fifth at a time", "[pacer]") {
  WorkerPacer pacer;
  frames(pacer, stretch, 16.7);
  CHECK(pacer.work_share() == 1.0);
  frames(pacer, stretch, 30.0);  // median over the 20 ms budget
  CHECK(pacer.work_share() == Approx(0.5));
  frames(pacer, stretch, 30.0);
  CHECK(pacer.work_share() == Approx(0.25));
  frames(pacer, stretch, 30.0);
  CHECK(pacer.work_share() == Approx(PacerSettings{}.lowest_share));  // never below
  frames(pacer, stretch, 16.7);
  CHECK(pacer.work_share() == Approx(PacerSettings{}.lowest_share + 0.2));
  frames(pacer, stretch - 1, 16.7);  // a stretch not yet complete decides nothing
  CHECK(pacer.work_share() == Approx(PacerSettings{}.lowest_share + 0.2));
  for (int i = 0; i < 10; ++i) frames(pacer, stretch, 16.7);
  CHECK(pacer.work_share() == 1.0);  // never above
}

TEST_CASE("A stretch is late by its median: one slow frame is not, a stretch cut by a pause starts again", "[pacer]") {
  WorkerPacer pacer;
  frames(pacer, stretch - 1, 16.7);
  pacer.frame_drawn(80.0);
  CHECK(pacer.work_share() == 1.0);
  frames(pacer, stretch / 2 + 1, 40.0);
  frames(pacer, stretch - (stretch / 2 + 1), 16.7);
  CHECK(pacer.work_share() == Approx(0.5));
  frames(pacer, stretch - 1, 40.0);
  pacer.forget_frames();  // the job ended: those frames say nothing of the next job's workers
  frames(pacer, stretch - 1, 16.7);
  CHECK(pacer.work_share() == Approx(0.5));
  pacer.frame_drawn(16.7);
  CHECK(pacer.work_share() == Approx(0.7));
}

TEST_CASE("A paced worker rests in proportion to its work, a worker without a pacer never rests", "[pacer]") {
  auto pacer = std::make_shared<WorkerPacer>();
  frames(*pacer, stretch, 30.0);  // share 0.5: rest as long as each item took
  REQUIRE(pacer->work_share() == Approx(0.5));

  JobWorker unpaced(std::make_shared<CountingJob>(200), "unpaced", WorkerPriority::normal, pacer);
  unpaced.start();
  unpaced.join();
  CHECK(pacer->rested_fraction() == 0.0);

  JobWorker paced(std::make_shared<CountingJob>(200), "paced", WorkerPriority::paced, pacer);
  paced.start();
  paced.join();
  // A rest lasts at least as long as asked (a busy machine only lengthens it).
  CHECK(pacer->rested_fraction() >= 0.45);
  pacer->reset_totals();
  CHECK(pacer->rested_fraction() == 0.0);
}

TEST_CASE("A resting worker's stop request ends its rest at once", "[pacer]") {
  PacerSettings settings;
  settings.longest_rest_ms = 60'000;
  WorkerPacer pacer(settings);
  frames(pacer, stretch, 30.0);
  std::atomic<bool> resting{false}, returned{false};
  std::jthread worker([&](std::stop_token stop) {
    const WorkerPacer::Binding bind(&pacer);
    resting = true;
    WorkerPacer::rest_after_item(stop, std::chrono::seconds(30));  // asks for a 30 s rest
    returned = true;
  });
  testing::wait_until([&] { return resting.load(); }, "the worker to start its rest", 10s);
  worker.request_stop();  // during the rest, or just before it: either way it ends at once
  testing::wait_until([&] { return returned.load(); }, "the rest to end on the stop request", 10s);
}
