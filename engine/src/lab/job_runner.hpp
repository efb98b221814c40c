#pragma once
// The Lab's job runner: the main page's job (Mandelbrot, primes or io), its
// worker Threads, the mode it runs in, the Mandelbrot view it renders and the
// tiles it finishes. In multi-thread mode workers do the job; in single-thread
// mode the render thread does it in run_on_render_thread(), as a naive
// program would. Every method is for the render thread.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "job_record.hpp"
#include "threadlab/lab/lab.hpp"
#include "threadlab/workloads/primes.hpp"

namespace threadlab::detail {

class JobRunner {
 public:
  // Throws std::invalid_argument for an image without a positive size.
  explicit JobRunner(LabSettings settings);
  ~JobRunner();  // cancels the job and joins its workers
  JobRunner(const JobRunner&) = delete;
  JobRunner& operator=(const JobRunner&) = delete;

  const LabSettings& settings() const { return settings_; }
  int worker_count() const;  // settings().workers resolved and clamped

  // Each restarts a running job cleanly (its cancel measured as `cause`).
  void set_mode(Mode mode);
  void set_workload(WorkloadKind kind);
  void set_worker_count(int workers);
  void set_priority(WorkerPriority priority);
  void pan_pixels(double dx, double dy);
  void zoom_at(double pixel_x, double pixel_y, double factor);
  void reset_view();

  // Starts the job, or restarts it when one is under way.
  void start();
  // Cancels the job (if any), joins every worker and forgets the job; the
  // items it finished still count towards the session's throughput.
  void cancel();
  // A job is under way, or due with the next frame (single-thread mode).
  bool running() const { return running_ || next_job_due_; }

  // Once per frame, before drawing: ends a finished (or failed) job and, in
  // single-thread mode, starts the job due after it.
  void end_finished_job(Clock::time_point now);
  void start_due_job();
  // Single-thread mode with a job under way: does the whole job on the
  // calling (render) thread and returns when it ended; nullopt otherwise.
  std::optional<Clock::time_point> run_on_render_thread();

  std::vector<MandelbrotTile> take_finished_tiles();
  // The window drew a frame in `frame_ms`: paced workers rest while frames
  // run late (worker_pacer.hpp).
  void frame_drawn(double frame_ms);

  // The snapshot's job part: the job, its progress and figures, the view.
  void fill_snapshot(LabSnapshot& out) const;
  std::vector<CancellationLatency> cancellations() const { return cancellations_.history(); }
  // The main page's Locks, which a scenario page leaves out.
  std::vector<std::uint64_t> lock_ids() const;
  // The job figures and the main page's Locks start again.
  void clear_statistics();

 private:
  void start_job();
  void start_workers();
  void stop_job();
  void restart_if_running(const char* cause = "settings");
  void keep_tiles_of_replaced_job();
  std::uint64_t items_done_in_current_job() const;
  std::uint64_t items_done_since_clear() const;
  void count_items_of_ending_job();
  void fill_primes_snapshot(LabSnapshot& out) const;

  LabSettings settings_;
  MandelbrotView view_;
  std::shared_ptr<Job> job_;
  std::shared_ptr<MandelbrotJob> mandelbrot_;  // job_, when it is a Mandelbrot image
  std::shared_ptr<PrimesJob> primes_;          // job_, when it counts primes
  std::shared_ptr<IoJob> io_;                  // job_, when it fetches files; kept for the view once over
  std::string job_error_;                      // why the last job failed, one line
  mutable std::uint64_t last_primes_count_ = 0;  // primes_->count() as last read
  std::vector<std::unique_ptr<JobWorker>> workers_;
  std::shared_ptr<WorkerPacer> pacer_ = std::make_shared<WorkerPacer>();  // for paced workers
  bool running_ = false;  // a job is under way (its workers, or the render thread, owe it work)
  // Single-thread mode: the auto-zoom's next job waits for the next frame,
  // so the frame after a job shows its finished picture before the render
  // thread freezes again in the next one.
  bool next_job_due_ = false;
  // Tiles a replaced Mandelbrot job finished that the UI has not taken yet:
  // the last tiles of a finished image must reach the screen too.
  std::vector<MandelbrotTile> tiles_of_replaced_job_;
  Clock::time_point job_started_{};
  JobRecord record_;

  std::uint64_t jobs_completed_ = 0;
  double last_job_seconds_ = 0;
  // Items since clear_statistics(): those of jobs already ended, plus the
  // current job's beyond what it had done when the statistics were cleared.
  std::uint64_t items_done_by_ended_jobs_ = 0;
  std::uint64_t current_job_items_at_clear_ = 0;
  Clock::time_point statistics_since_ = Clock::now();
  CancellationTracker cancellations_;

  // The main page's Locks, shared by every job of the session, so that the
  // Locks panel counts the whole session's acquisitions, not only those of
  // the image being rendered: workers take the queue Locks for each item
  // and the result Locks to store it, and the render thread takes
  // mandelbrot.image every frame to copy the finished tiles out and
  // primes.count to read the count.
  const MandelbrotLocks mandelbrot_locks_{std::make_shared<Lock>("mandelbrot.tile-queue"),
                                          std::make_shared<Lock>("mandelbrot.image")};
  const PrimesLocks primes_locks_{std::make_shared<Lock>("primes.segment-queue"),
                                  std::make_shared<Lock>("primes.count")};
};

}  // namespace threadlab::detail
