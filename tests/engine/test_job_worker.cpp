#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <sched.h>
#include <cerrno>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <stdexcept>

#include "threadlab/threading/event.hpp"
#include "threadlab/workloads/job.hpp"
#include "threadlab/threading/registry.hpp"

using namespace threadlab;

namespace {

int own_niceness() {
  errno = 0;
  return getpriority(PRIO_PROCESS, static_cast<id_t>(gettid()));
}

// A one-item job that writes down where and how it ran.
class RecordingJob : public Job {
 public:
  std::string name() const override { return "recording"; }
  void work(std::stop_token) override {
    native_id = get_native_id();
    thread_name = current_thread().name;
    niceness = own_niceness();
    policy = sched_getscheduler(0);  // 0: the calling thread
    done = true;
  }
  JobProgress progress() const override { return {done ? 1u : 0u, 1, done, false}; }
  void cancel() override {}

  // Written by the worker, read by the test after join().
  std::int64_t native_id = 0;
  std::string thread_name;
  int niceness = 0;
  int policy = -1;
  bool done = false;
};

// A job whose work() runs until it is asked to stop.
class UntilStoppedJob : public Job {
 public:
  std::string name() const override { return "until stopped"; }
  void work(std::stop_token stop) override {
    entered.set();
    std::unique_lock lock(mutex_);
    only_stop_wakes_.wait(lock, stop, [] { return false; });
    returned = true;
  }
  JobProgress progress() const override { return {}; }
  void cancel() override {}

  Event entered;
  std::atomic<bool> returned{false};

 private:
  std::mutex mutex_;
  std::condition_variable_any only_stop_wakes_;
};

}  // namespace

TEST_CASE("A JobWorker runs its job's work() on its own thread, under its own name", "[job]") {
  auto job = std::make_shared<RecordingJob>();
  JobWorker worker(job, "recorder");
  worker.start();
  REQUIRE(worker.join());

  CHECK(job->done);
  CHECK(job->native_id == worker.native_id());
  CHECK(job->native_id != get_native_id());
  CHECK(job->thread_name == "recorder");
}

TEST_CASE("A JobWorker at lower priority adds 10 to only its own thread's nice value", "[job]") {
  const int inherited = own_niceness();
  auto job = std::make_shared<RecordingJob>();
  JobWorker worker(job, "low priority", WorkerPriority::lower);
  worker.start();
  REQUIRE(worker.join());

  CHECK(job->niceness == std::min(inherited + 10, 19));
  CHECK(own_niceness() == inherited);
}

TEST_CASE("A JobWorker at normal priority keeps the priority and policy it inherited", "[job]") {
  const int inherited = own_niceness();
  auto job = std::make_shared<RecordingJob>();
  JobWorker worker(job, "normal priority");
  worker.start();
  REQUIRE(worker.join());

  CHECK(job->niceness == inherited);
  CHECK(job->policy == sched_getscheduler(0));
}

TEST_CASE("A JobWorker at idle priority runs its job under SCHED_IDLE, the thread that made it does not",
          "[job]") {
  const int policy_before = sched_getscheduler(0);
  auto job = std::make_shared<RecordingJob>();
  JobWorker worker(job, "idle priority", WorkerPriority::idle);
  worker.start();
  REQUIRE(worker.join());

  CHECK(job->policy == SCHED_IDLE);
  CHECK(sched_getscheduler(0) == policy_before);
  CHECK(policy_before != SCHED_IDLE);
}

TEST_CASE("Destroying a running JobWorker stops its job and joins its thread", "[job]") {
  const std::size_t baseline = active_count();
  auto job = std::make_shared<UntilStoppedJob>();
  {
    JobWorker worker(job, "until stopped");
    worker.start();
    job->entered.wait();
    CHECK(active_count() == baseline + 1);
  }
  CHECK(job->returned);
  CHECK(active_count() == baseline);
}

TEST_CASE("A JobWorker refuses to be built without a job", "[job]") {
  CHECK_THROWS_AS(JobWorker(nullptr, "no job"), std::invalid_argument);
}
