#pragma once
// A CPU-heavy job split into work items that any number of threads take from
// a shared queue under a Lock. The same job runs either on the render thread
// (single-thread mode: work() called there until done) or on worker Threads
// (multi-thread mode: each worker's run() calls work()). Results are
// identical either way: an item's result depends only on the item.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <stop_token>
#include <string>

#include "threadlab/threading/thread.hpp"
#include "threadlab/threading/thread_stopped.hpp"
#include "threadlab/workloads/worker_pacer.hpp"

namespace threadlab {

struct JobProgress {
  std::uint64_t items_done = 0;
  std::uint64_t items_total = 0;
  bool finished = false;   // every item done
  bool cancelled = false;  // stopped before finishing
  double fraction() const { return items_total ? double(items_done) / double(items_total) : 0.0; }
};

class Job {
 public:
  virtual ~Job() = default;
  virtual std::string name() const = 0;
  // Takes and completes items until none remain or stop is requested; safe
  // to call from many threads at once. Checks the stop token between items,
  // so cancellation takes at most one item.
  virtual void work(std::stop_token stop) = 0;
  virtual JobProgress progress() const = 0;
  virtual void cancel() = 0;  // marks the job cancelled; running work() calls return after their item
  // Why the job ended early, in one line ("io: a read from ... timed out"),
  // or empty: it did not fail (a cancel is not a failure).
  virtual std::string error() const { return {}; }
};

// The loop of a job fed from a queue, which work() runs on every thread:
// take an item (under the queue's Lock), do it (the long part with no Lock
// held, then its result stored under the result's Lock), until the queue is
// empty, the job is cancelled or this thread is asked to stop. A stop that
// refuses the result's Lock loses the item, so the job could never finish:
// it is cancelled, and the stop goes on ending the thread (ThreadStopped).
// On a paced worker (worker_pacer.hpp), it rests between items while the
// window's frames are late.
template <class TakeItem, class DoItem>
void work_through_queue(Job& job, std::stop_token stop, const std::atomic<bool>& cancelled, TakeItem take_item,
                        DoItem do_item) {
  while (!stop.stop_requested() && !cancelled.load()) {
    const auto item = take_item();
    if (!item) return;
    const auto started = std::chrono::steady_clock::now();
    try {
      do_item(*item);
    } catch (const ThreadStopped&) {
      job.cancel();
      throw;
    }
    WorkerPacer::rest_after_item(stop, std::chrono::steady_clock::now() - started);
  }
}

// How a worker asks the scheduler to treat it; applied to its own thread as
// run() starts, so it never touches the thread that created it.
//   normal: like any thread.
//   lower:  nice +10: a smaller share of a core that others want too.
//   idle:   SCHED_IDLE (and nice +10): it runs only on CPU time no normal
//           thread wants, so the render thread and the OpenGL driver's
//           threads always go first; a busy machine may leave it little.
//   paced:  normal, and it rests between items while the window's frames
//           are late (worker_pacer.hpp): the render thread's own priority,
//           with the window kept on time.
enum class WorkerPriority { normal, lower, idle, paced };

// A worker: a Thread whose run() works on a shared Job. Workloads subclass it
// only when a worker needs state of its own.
class JobWorker : public Thread {
 public:
  // `pacer`: the pacer a paced worker rests by (null: none).
  JobWorker(std::shared_ptr<Job> job, std::string name, WorkerPriority priority = WorkerPriority::normal,
            std::shared_ptr<WorkerPacer> pacer = nullptr);
  ~JobWorker() override;

 protected:
  void run() override;
  std::shared_ptr<Job> job_;
  WorkerPriority priority_;
  std::shared_ptr<WorkerPacer> pacer_;
};

}  // namespace threadlab
