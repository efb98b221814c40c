#pragma once
// What the workload tests share: starting JobWorkers on a job, and cancelling
// a job mid-run the way the Cancel button does.

#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "threadlab/workloads/job.hpp"
#include "threadlab/threading/lock.hpp"

namespace threadlab::test {

inline std::vector<std::unique_ptr<JobWorker>> start_workers(const std::shared_ptr<Job>& job, int count,
                                                             const std::string& name_prefix) {
  std::vector<std::unique_ptr<JobWorker>> workers;
  for (int i = 0; i < count; ++i)
    workers.push_back(std::make_unique<JobWorker>(job, name_prefix + std::to_string(i + 1)));
  for (auto& worker : workers) worker->start();
  return workers;
}

inline bool any_alive(const std::vector<std::unique_ptr<JobWorker>>& workers) {
  return std::any_of(workers.begin(), workers.end(), [](const auto& w) { return w->is_alive(); });
}

struct CancelledRun {
  JobProgress at_cancel;  // just after cancel()
  JobProgress after;      // once every worker has returned
  bool every_worker_joined = true;
};

// Starts workers, cancels the job as soon as one item is done (as the Cancel
// button does), stops and joins the workers.
inline CancelledRun cancel_after_first_item(const std::shared_ptr<Job>& job, int worker_count,
                                            const std::string& name_prefix) {
  CancelledRun run;
  auto workers = start_workers(job, worker_count, name_prefix);
  while (job->progress().items_done == 0 && any_alive(workers)) std::this_thread::yield();
  REQUIRE(job->progress().items_done >= 1);

  job->cancel();
  run.at_cancel = job->progress();
  for (auto& worker : workers) worker->request_stop();
  for (auto& worker : workers) run.every_worker_joined = worker->join() && run.every_worker_joined;
  run.after = job->progress();
  return run;
}

inline const LockStats* find_lock(const std::vector<LockStats>& locks, std::uint64_t id) {
  const auto found = std::find_if(locks.begin(), locks.end(), [id](const LockStats& s) { return s.id == id; });
  return found == locks.end() ? nullptr : &*found;
}

}  // namespace threadlab::test
