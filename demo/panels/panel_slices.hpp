#pragma once
// What each panel draws: its slice of the LabSnapshot, no more. A slice
// holds small figures by value and views (std::span, std::string_view) of
// the snapshot's lists, so cutting one copies no list; the snapshot it was
// cut from must outlive it. draw_all_panels cuts every slice from one
// snapshot (the *_figures functions); a test builds only the slice its panel
// takes.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "threadlab/lab/lab.hpp"

namespace threadlab::ui {

// What the window shows: the job and its responsiveness (no scenario), or
// one of the scenario pages (the tutorial's costs of threads).
struct Page {
  std::optional<ScenarioKind> scenario{};
  bool stepper = false;  // Step through: you are the scheduler
  friend bool operator==(const Page&, const Page&) = default;
};
// The page a snapshot shows: a scenario's while the Lab has one open.
Page page_of(const LabSnapshot& snapshot);

// The Controls panel's job section: the job under way (or the one that
// just ended, in single-thread mode between two jobs) and the session's totals.
struct JobFigures {
  std::string_view name{};     // "" before the first job
  JobProgress progress{};
  std::string_view error{};    // why the last job ended early; "" when nothing failed
  bool running = false;        // Lab::job_running(): a job is under way or due
  bool next_job_due = false;   // single-thread mode, between two jobs
  std::optional<Freeze> last_freeze{};
  std::optional<double> ended_job_seconds{};   // the job that just ended, wall time
  std::optional<MandelbrotView> next_view{};   // the next job's view (Mandelbrot)
  std::uint64_t jobs_completed = 0;
  double last_job_seconds = 0;
  std::uint64_t items_done_total = 0;  // since the statistics were cleared
  double session_seconds = 0;
  double items_per_second = 0;
};

// The Controls panel: the page, the settings it changes and the job.
struct ControlsFigures {
  Page page{};
  Mode mode = Mode::multi_thread;
  WorkloadKind workload = WorkloadKind::mandelbrot;
  WorkerPriority priority = WorkerPriority::paced;
  double workers_work_share = 1.0;  // paced workers: the share of their time they may work now
  int image_width = 640;  // Mandelbrot image, pixels
  int worker_count = 0;   // resolved
  int cores = 1;          // the latest CPU sample's cores, else core_count()
  JobFigures job{};
};
ControlsFigures controls_figures(const LabSnapshot& snapshot);

// The Threads panel: threading.enumerate(), and every thread's CPU.
struct ThreadsFigures {
  std::size_t active_count = 0;
  std::string_view current_thread{};       // current_thread().name
  std::span<const ThreadInfo> threads{};   // enumerate()
  std::span<const ThreadInfo> finished{};  // recently finished
  std::span<const ThreadCpu> cpu{};        // the latest sample: every thread of the process
};
ThreadsFigures threads_figures(const LabSnapshot& snapshot);

// The CPU cores panel: per-core load and where this process's CPU goes.
struct CoresFigures {
  int core_count = 1;                     // shown when the sample has no cores yet
  std::span<const double> core_load{};    // latest sample, [0, 1] per core
  double total_load = 0;                  // latest sample, [0, 1], every core
  double process_percent = 0;             // latest sample, % of one core
  std::span<const CoreHistory> core_history{};   // 10 s per core
  std::span<const float> process_history{};      // process CPU %, 10 s
  std::span<const double> mean_core_load_percent{};
  double mean_process_percent = 0;
  ProcessCpuSplit split{}, mean_split{};  // % of one core: latest sample, mean
};
CoresFigures cores_figures(const LabSnapshot& snapshot);

// The Locks panel: every Lock's waits, and the lock-order inversions.
struct LocksFigures {
  std::span<const LockStats> locks{};
  bool outlived = false;       // a scenario's Locks as last seen alive
  std::span<const LockOrderInversion> inversions{};
  bool scenario_page = false;  // a scenario page explains its own Locks
};
LocksFigures locks_figures(const LabSnapshot& snapshot);

// The Frames panel: the render thread's frames and the probe's pings.
struct FramesFigures {
  Clock::time_point taken_at{};
  std::span<const float> frame_times_ms{};    // rolling 10 s
  LatencySummary frames{}, frames_window{};   // session, rolling window
  std::span<const float> probe_latencies_ms{}; // rolling 10 s
  LatencySummary probe{}, probe_window{};
  double not_responding_ms = 0;  // age of the oldest unanswered ping
  double longest_freeze_ms = 0;
  std::optional<Freeze> last_freeze{};
};
FramesFigures frames_figures(const LabSnapshot& snapshot);

// The Primes panel: the count so far.
struct PrimesFigures {
  bool current = false;  // primes is the workload
  std::uint64_t limit = 0;
  std::optional<std::uint64_t> found{};
  JobProgress job{};
  double items_per_second = 0;
};
PrimesFigures primes_figures(const LabSnapshot& snapshot);

// Who a TID is, for the centre views' legends.
struct ThreadNames {
  std::span<const ThreadInfo> threads{}; // enumerate()
  std::span<const ThreadInfo> finished{}; // recently finished
  std::int64_t render_tid = 0;
};

// The primes centre view: the sieve's segments, by the thread that sieved each.
struct PrimesGridFigures {
  std::span<const std::int64_t> sievers{}; // per segment: its thread's TID, 0 not done
  std::uint64_t taken = 0;                // segments handed out
  std::optional<std::uint64_t> found{};
  JobProgress job{};
  bool next_job_due = false;
  ThreadNames names{};
};

// The io centre view: the files, filling as their bytes arrive.
struct IoFilesFigures {
  std::span<const std::uint64_t> received{}; // per file: bytes so far
  std::span<const std::int64_t> fetchers{}; // per file: its thread's TID, 0 not complete
  std::uint64_t taken = 0;                  // files handed out
  std::uint16_t port = 0;                   // the job's loopback server
  IoSettings settings{};
  std::string_view error{}; // why the last job ended early
  JobProgress job{};
  ThreadNames names{};     // names.threads: who waits for input now
};

// The centre view: the Mandelbrot picture, or the primes or io view.
struct CentreViewFigures {
  WorkloadKind workload = WorkloadKind::mandelbrot;
  JobProgress job{};
  bool next_job_due = false;
  std::optional<MandelbrotView> view{}; // the picture on screen
  std::span<const CancellationLatency> cancellations{};
  PrimesGridFigures primes{};
  IoFilesFigures io{};
};
CentreViewFigures centre_view_figures(const LabSnapshot& snapshot);

}  // namespace threadlab::ui
