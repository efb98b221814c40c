#pragma once
// The comparison's figures, both modes side by side: report.json (for
// scripts) and report.md (for people). Built from each run's last snapshot
// plus the frame times the comparison recorded, so it is GL-free and tested.

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "threadlab/measurement/cpu_monitor.hpp"
#include "threadlab/lab/lab.hpp"
#include "threadlab/measurement/machine.hpp"

namespace threadlab::app {

inline constexpr double slow_frame_ms = 50.0;  // a frame this long is a visible stutter

struct LockWait {
  std::string name;
  double total_wait_ms = 0;
  std::uint64_t contended_acquisitions = 0;
};

// One mode's run of the scripted job.
struct ModeFigures {
  Mode mode = Mode::single_thread;
  WorkloadKind workload = WorkloadKind::mandelbrot;
  int workers = 0;
  // The priority the job ran at: single-thread mode runs it on the render
  // thread (normal), multi-thread mode on workers at --priority.
  std::string job_priority;
  // Paced workers: the part of their time they rested for late frames.
  double workers_rested_percent = 0;
  double duration_s = 0;        // the run's wall time
  double job_wall_s = 0;        // the last finished job's wall time (0: none finished)
  std::uint64_t jobs_completed = 0;
  std::uint64_t items_done = 0;
  double items_per_second = 0;  // throughput
  LatencySummary frames;
  std::size_t frames_over_50ms = 0;
  double longest_freeze_ms = 0;
  LatencySummary probe;
  std::vector<LockWait> locks;
  std::vector<double> mean_core_load_percent;
  double mean_process_percent = 0;
  // Where the process's CPU went (% of one core, run mean): threading's
  // Threads, the render thread, and the threads threading did not start
  // (the GL driver's llvmpipe-N): why throughput differs on software OpenGL.
  ProcessCpuSplit cpu_split;
  // The Mandelbrot views of the run's jobs, in the order they started
  // (empty for primes): both modes start from the same view and follow the
  // same zoom; single-thread mode gets through fewer of them.
  std::vector<MandelbrotView> views;
};

// Where and when the comparison ran, printed beside its figures.
struct ComparisonContext {
  std::string date;  // utc_date_text()
  std::string cpu_model;
  int cores = 0;
  std::string gl_renderer;
  int window_width = 0, window_height = 0;
  std::optional<LoadAverages> load_at_start, load_at_end;
  int beside = 0;  // CPU-bound processes run beside it (--beside N)
  // THREADLAB_REDRAW ("changes" or "all") and whether frames were in fact
  // drawn again only where they changed (only on Mesa's software OpenGL):
  // drawing every pixel costs the idle window about twice the CPU per frame.
  std::string redraw = "changes";
  bool redraws_only_changes = false;
};

// The claims the comparison exists to show, each a ratio within the run.
inline constexpr double freeze_ratio_goal = 10.0;          // single longest freeze / multi's
inline constexpr double slow_frame_share_goal = 0.02;      // multi-thread frames over 50 ms
inline constexpr double throughput_ratio_goal = 1.0;       // multi items/s / single items/s
// A shorter run is a handful of frames (single-thread mode shows one a job,
// about half a second each): its claims are reported but not judged.
inline constexpr double min_claim_duration_s = 2.0;

// The frame figures, frames_over_50ms included, all come from the run's
// frame statistics (last.frames): the slow-frame share divides a count by
// the count of the same frames.
ModeFigures figures_of_run(const LabSnapshot& last, double duration_s);

// One mode's figures, as report.json and the benchmark's JSON write them.
void to_json(nlohmann::ordered_json& j, const ModeFigures& figures);
nlohmann::ordered_json build_report_json(const ModeFigures& single, const ModeFigures& multi,
                                         const ComparisonContext& context = {});
std::string build_report_markdown(const ModeFigures& single, const ModeFigures& multi,
                                  const ComparisonContext& context = {});

}  // namespace threadlab::app
