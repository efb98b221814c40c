#pragma once
// How long one whole Job takes on N fresh JobWorker Threads, from starting
// the first to joining the last, and how many cores the process used
// meanwhile: the speedup the benchmark reports, with nothing else drawing.

#include <functional>
#include <memory>
#include <optional>

#include "threadlab/workloads/job.hpp"

namespace threadlab {

struct JobTiming {
  double wall_s = 0;
  // Process CPU seconds per wall second: on a machine busy with other work,
  // N workers may get fewer than N cores, which is why a speedup falls short.
  double cores_used = 0;
};

// Runs `job` to its end on `workers` JobWorkers at `priority`. `keep_going`
// is asked about every 20 ms (and may be empty): when it says no, the job is
// cancelled, every worker joined, and nullopt returned. Throws
// std::runtime_error when the workers end without finishing the job.
std::optional<JobTiming> time_job_on_workers(const std::shared_ptr<Job>& job, int workers, WorkerPriority priority,
                                             const std::function<bool()>& keep_going = {});

}  // namespace threadlab
