#include "threadlab/workloads/job.hpp"

#include <pthread.h>
#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <stdexcept>
#include <utility>

namespace threadlab {

namespace {

// Linux keeps a nice value per thread, so PRIO_PROCESS with a TID changes
// only that thread. A new thread inherits its creator's value; the increment
// is added to that, as nice(1) would.
void lower_own_priority(int increment) {
  const pid_t tid = gettid();
  errno = 0;
  const int inherited = getpriority(PRIO_PROCESS, static_cast<id_t>(tid));
  if (inherited == -1 && errno != 0) return;
  // Raising one's own nice value is always permitted; were it refused, the
  // job would simply run at normal priority.
  (void)setpriority(PRIO_PROCESS, static_cast<id_t>(tid), std::min(inherited + increment, 19));
}

constexpr int lowered_nice_increment = 10;

void apply_own_priority(WorkerPriority priority) {
  if (priority == WorkerPriority::normal || priority == WorkerPriority::paced) return;
  lower_own_priority(lowered_nice_increment);
  if (priority == WorkerPriority::idle) {
    // Lowering one's own policy needs no privilege; were it refused, the
    // worker would still run at nice +10.
    const sched_param param{};
    (void)pthread_setschedparam(pthread_self(), SCHED_IDLE, &param);
  }
}

}  // namespace

JobWorker::JobWorker(std::shared_ptr<Job> job, std::string name, WorkerPriority priority,
                     std::shared_ptr<WorkerPacer> pacer)
    : Thread(std::move(name)), job_(std::move(job)), priority_(priority), pacer_(std::move(pacer)) {
  if (!job_) throw std::invalid_argument("JobWorker needs a job, got none");
}

JobWorker::~JobWorker() { stop_and_join(); }

void JobWorker::run() {
  apply_own_priority(priority_);
  const WorkerPacer::Binding paced(priority_ == WorkerPriority::paced ? pacer_.get() : nullptr);
  job_->work(stop_token());
}

}  // namespace threadlab
