#include "threadlab/measurement/job_timing.hpp"

#include <stdexcept>
#include <string>
#include <vector>

#include "threadlab/measurement/clock.hpp"
#include "threadlab/measurement/cpu_clock.hpp"

namespace threadlab {
namespace {

constexpr std::chrono::duration<double> poll_period{0.02};

}  // namespace

std::optional<JobTiming> time_job_on_workers(const std::shared_ptr<Job>& job, int workers, WorkerPriority priority,
                                             const std::function<bool()>& keep_going) {
  std::vector<std::unique_ptr<JobWorker>> threads;
  for (int i = 0; i < workers; ++i) {
    threads.push_back(std::make_unique<JobWorker>(job, "timed-" + std::to_string(i + 1), priority));
  }
  const auto started = Clock::now();
  const auto cpu_started = process_cpu_time();
  for (auto& thread : threads) thread->start();
  for (auto& thread : threads) {
    while (!thread->join(poll_period)) {
      if (keep_going && !keep_going()) {
        job->cancel();
        for (auto& worker : threads) worker->stop_and_join();
        return std::nullopt;
      }
    }
  }
  const double seconds = seconds_between(started, Clock::now());
  const double cpu_seconds = std::chrono::duration<double>(process_cpu_time() - cpu_started).count();
  if (!job->progress().finished) throw std::runtime_error("the timed job's workers ended before it was finished");
  return JobTiming{seconds, seconds > 0 ? cpu_seconds / seconds : 0};
}

}  // namespace threadlab
