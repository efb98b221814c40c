#pragma once
// The Lab: everything the demo window drives, with no GL and no ImGui. It
// owns the worker Threads, the CPU sampler thread and the responsiveness
// probe; the UI calls its methods and draws from snapshot().

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "threadlab/measurement/cancellation_latency.hpp"
#include "threadlab/measurement/cpu_monitor.hpp"
#include "threadlab/measurement/cpu_sampler.hpp"
#include "threadlab/measurement/frame_stats.hpp"
#include "threadlab/workloads/job.hpp"
#include "threadlab/threading/lock.hpp"
#include "threadlab/diagnostics/lock_order.hpp"
#include "threadlab/workloads/io.hpp"
#include "threadlab/workloads/mandelbrot.hpp"
#include "threadlab/threading/registry.hpp"
#include "threadlab/scenarios/scenario.hpp"
#include "threadlab/stepping/step_session.hpp"
#include "threadlab/threading/task_queue.hpp"
#include "threadlab/diagnostics/thread_timeline.hpp"

namespace threadlab {

enum class Mode { single_thread, multi_thread };
// mandelbrot and primes are CPU-bound; io waits for input (files from a
// loopback server, each worker blocked in recv()).
enum class WorkloadKind { mandelbrot, primes, io };
// WorkerPriority (threadlab/job.hpp): the default, idle, keeps the window
// live on a small machine, where the GL driver's own threads need the cores too.

const char* to_string(Mode);
const char* to_string(WorkloadKind);
const char* to_string(WorkerPriority);

// Workers when the settings say 0, and the most a workload takes: one per
// core (up to 2x) for CPU-bound work; io threads mostly wait, so 8 (up to 32)
// whatever the cores.
int default_workers(WorkloadKind kind, int cores);
int max_workers(WorkloadKind kind, int cores);

struct LabSettings {
  Mode mode = Mode::multi_thread;
  WorkloadKind workload = WorkloadKind::mandelbrot;
  int workers = 0;  // 0: the number of cores
  WorkerPriority priority = WorkerPriority::paced;
  int image_width = 640, image_height = 480;  // Mandelbrot image, pixels
  std::uint64_t primes_limit = 200'000'000;   // primes counted below this
  IoSettings io;                              // the io workload's files and server
  bool auto_zoom = true;                      // each finished Mandelbrot frame zooms in and restarts
  // How long a scenario page measures: long enough to watch the panels move.
  std::chrono::duration<double> scenario_duration{8.0};
};

struct CoreHistory {
  std::vector<float> load_percent;  // oldest first, one per CPU sample
};

// The job that ended last: what single-thread mode's frames, drawn only
// between jobs, show (they never see a job under way).
struct EndedJob {
  std::string name;
  JobProgress progress;  // as it ended: every item, when it finished
  double seconds = 0;    // wall time, start to end
  std::optional<MandelbrotView> view;  // the picture it rendered (Mandelbrot)
};

// The latest stretch in which the render loop handled no events: a frame
// over not_responding_after (multi-thread mode) or a whole job on the render
// thread (single-thread mode). A frozen window cannot draw its own meter, so
// the frame after a freeze reports the freeze that just ended.
struct Freeze {
  double ms = 0;
  Clock::time_point ended{};
};
inline constexpr double freeze_after_ms = 100.0;  // a frame this long is a freeze

struct LabSnapshot {
  Clock::time_point taken_at{};
  LabSettings settings;
  int worker_count = 0;  // resolved (settings.workers or the core count)
  int core_count = 1;    // core_count() (threadlab/machine.hpp): what panels show when /proc/stat has no cores

  // Python's threading view.
  std::size_t active_count = 0;
  ThreadInfo current_thread;
  std::vector<ThreadInfo> threads;           // enumerate()
  std::vector<ThreadInfo> finished_threads;  // recently_finished()

  std::vector<LockStats> locks;  // all_locks()
  // On a scenario page whose run has ended: locks are its Locks as they were
  // last seen alive (they end with the run), not live ones.
  bool locks_outlived = false;
  std::vector<LockOrderInversion> lock_order_inversions;  // lock_order_inversions(): possible deadlocks

  CpuSample cpu;                         // latest sample
  std::vector<CoreHistory> core_history; // 10 s per core
  std::vector<float> process_history;    // process CPU %, 10 s
  std::vector<double> mean_core_load_percent;  // per core, since clear_statistics()
  double mean_process_percent = 0;             // % of one core, since clear_statistics()
  // This process's CPU by owner (threading Threads / render thread / threads
  // threading did not start, such as the GL driver's), % of one core: over
  // the latest sample, and the mean since clear_statistics().
  ProcessCpuSplit cpu_split;
  ProcessCpuSplit mean_cpu_split;
  std::int64_t render_tid = 0;  // the render thread's kernel TID (the Lab's creator)
  // Paced workers (WorkerPriority::paced): the share of their time they may
  // work now (1: no rest), and the part of it they rested since
  // clear_statistics() while the window's frames were late.
  double workers_work_share = 1.0;
  double workers_rested_fraction = 0.0;

  // Render thread frames and probe pings.
  std::vector<float> frame_times_ms;  // rolling 10 s window
  LatencySummary frames;              // whole session
  LatencySummary frames_window;       // rolling window
  std::vector<float> probe_latencies_ms;
  LatencySummary probe;
  LatencySummary probe_window;
  LatencySummary probe_lateness;  // the probe thread's own delay sending pings (not the window's)
  double not_responding_ms = 0;  // age of the oldest unanswered probe ping
  // Longest freeze since clear_statistics(): the longest frame, but for a
  // frame that ran a job (single-thread mode), the job's freeze as last_freeze
  // reported it, so that the two figures agree about the same freeze.
  double longest_freeze_ms = 0;
  std::optional<Freeze> last_freeze;

  // The job.
  std::string job_name;
  JobProgress job;
  std::uint64_t jobs_completed = 0;
  double last_job_seconds = 0;
  bool job_running = false;  // Lab::job_running(): a job is under way or due
  // Single-thread mode between two jobs: the job that just ended (job and
  // job_name describe it too) and the next, which starts with the next frame.
  bool next_job_due = false;
  std::optional<EndedJob> ended_job;
  // The Mandelbrot views of the jobs started since clear_statistics(), in
  // the order they started (at most max_job_views, the latest).
  std::vector<MandelbrotView> job_views;
  std::uint64_t items_done_total = 0;  // every job, since clear_statistics()
  double session_seconds = 0;          // since clear_statistics()
  double items_per_second = 0;         // items_done_total / session_seconds
  // The view on screen: the current job's, or between jobs the ended job's
  // (next_view is the next job's).
  std::optional<MandelbrotView> mandelbrot_view;
  std::optional<MandelbrotView> next_view;
  std::optional<std::uint64_t> primes_found;  // so far, in the current job
  // The current primes job's segments, in order: the kernel TID of the
  // thread that sieved each (0: not done), and how many were handed out
  // (those below it and not done are being sieved now).
  std::vector<std::int64_t> primes_segment_sievers;
  std::uint64_t primes_segments_taken = 0;

  // The current io job's files, in order: bytes received so far, and the
  // kernel TID of the thread that fetched each (0: not complete).
  std::vector<std::uint64_t> io_bytes_received;
  std::vector<std::int64_t> io_fetchers;
  std::uint64_t io_files_taken = 0;
  std::uint16_t io_port = 0;  // the job's loopback server
  // Why the last job ended early (the io server's port taken, a read timed
  // out...), one line; empty while nothing failed since the last start.
  std::string job_error;

  // The scenario started last, until close_scenario().
  std::optional<ScenarioSnapshot> scenario;
  // The Step-through page, while it is open.
  std::optional<stepping::StepperSnapshot> stepper;

  // What every thread did over the last 10 s (the Timeline panel).
  TimelineSnapshot timeline;
  // Zooms, pans, restarts and mode switches that replaced a running job,
  // oldest first: how long their cancel took to land.
  std::vector<CancellationLatency> cancellations;
};

// Every method is for the render thread (the thread that constructed it);
// the Lab's own threads never call back into the UI except through wake_ui.
inline constexpr std::size_t max_job_views = 1000;

class Lab {
 public:
  // wake_ui: thread-safe call that wakes the UI's event loop (glfwPostEmptyEvent).
  Lab(LabSettings settings, std::function<void()> wake_ui);
  ~Lab();  // cancels the job and joins every thread it started
  Lab(const Lab&) = delete;
  Lab& operator=(const Lab&) = delete;

  // Controls. Each restarts the running job cleanly where it must.
  void set_mode(Mode mode);
  void set_workload(WorkloadKind kind);
  void set_worker_count(int workers);  // 1 to 2x the core count
  void set_priority(WorkerPriority priority);
  void start_job();
  void cancel_job();
  bool job_running() const;

  // Mandelbrot navigation (restart the render).
  void pan_pixels(double dx, double dy);
  void zoom_at(double pixel_x, double pixel_y, double factor);
  void reset_view();

  // The render thread calls this once per loop iteration, before drawing.
  // Multi-thread mode: answers probe pings, notes frame time, returns at once.
  // Single-thread mode: also runs the whole current job right here, as a
  // naive program would, so the window freezes until it is done.
  void on_frame(Clock::time_point frame_began, Millis last_frame_time);
  // Answers probe pings; the UI loop calls it whenever it handles events.
  void answer_probe();

  // Mandelbrot tiles (with their pixels) finished since the last call, for
  // the UI to upload to its texture; the render thread calls it each frame.
  // A new view keeps the old picture until its tiles are overwritten.
  std::vector<MandelbrotTile> take_finished_tiles();

  // The scenario pages (threadlab/scenario.hpp): one scenario at a time runs
  // live on threads of its own. Starting one cancels the job first, so that
  // the scenario's threads have the cores to themselves; stopping or closing
  // it joins every thread it started. The snapshot shows it until it closes.
  void start_scenario(ScenarioKind kind, bool fix);
  void stop_scenario();
  void break_deadlock();  // the deadlock page's action (LiveScenario::break_deadlock)
  void close_scenario();

  // The Step-through page (threadlab/stepping/step_session.hpp): opening it
  // cancels the job and closes the scenario; closing it joins its threads.
  // open_stepper throws std::invalid_argument for bad options.
  void open_stepper(const stepping::StepOptions& options);
  void close_stepper();
  void apply_step_request(const stepping::StepRequest& request);

  // Work the render thread must not wait for (writing a screenshot) runs on
  // the Lab's "background-writer" Thread, in order; each task's line comes
  // back through take_background_outcomes(). The Lab's destructor lets the
  // tasks already submitted finish.
  void run_in_background(std::function<std::string()> task);
  std::vector<TaskOutcome> take_background_outcomes();
  // Runs the tasks already submitted to their end (their outcomes stay to be
  // taken); no task may be submitted after it. For a session that ends.
  void finish_background_tasks();

  LabSnapshot snapshot() const;
  // The CPU samples (per core, per thread, every thread of the process)
  // taken after `after`, oldest first: the last 10 s at most.
  std::vector<CpuSample> cpu_samples_since(Clock::time_point after) const;
  void clear_statistics();  // frame, probe and lock figures start again

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::unique_ptr<stepping::StepSession> stepper_;  // destroyed first: its threads joined before the rest
};

}  // namespace threadlab
