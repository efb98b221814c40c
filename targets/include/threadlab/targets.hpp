#pragma once
// The project's performance targets in one table, for both benchmarks: the
// micro-benchmarks (`threadlab_bench`, tests/bench/) and the window's
// (`threadlab bench`). Each is checked on figures measured side by side in
// one run, mostly ratios: absolute timings depend on the machine and on
// whatever else runs, ratios much less. A miss is a finding, not a failure:
// both tables print "pass" or "MISS".

#include <optional>
#include <string>

namespace threadlab::targets {

enum class Goal { at_most, below, at_least, none };  // none: shown for information

// Whether `measured` meets `limit` under `goal` (always for Goal::none).
bool met(Goal goal, double measured, double limit);
// "pass", "MISS"; for a row without a target (nullopt), "".
std::string verdict(std::optional<bool> met);

// --- threadlab_bench (the engine and the panels, without a window) ---
// The Lock's instrumentation costs at most 5 % when nobody waits, and keeps
// 90 % of std::mutex's throughput when everybody does; the fair (fifo) Lock,
// which hands itself to the longest waiter, keeps 10 %.
inline constexpr double lock_uncontended_ratio = 1.05;
inline constexpr double lock_contended_ratio = 0.90;
inline constexpr double fifo_lock_contended_ratio = 0.10;
inline constexpr double panel_frame_cpu_ms = 2.0;       // every panel drawn once, CPU time, below
inline constexpr double cpu_sample_core_percent = 1.0;  // the CPU sampler's share of a core, below

// --- threadlab bench (the window) ---
inline constexpr double speedup_efficiency = 0.9;       // speedup with N workers >= 0.9 N
inline constexpr double frame_p99_ratio = 1.5;          // multi-thread p99 <= 1.5 x idle p99
inline constexpr double probe_p99_ms = 2000.0 / 60;     // two frames at 60 Hz
inline constexpr double freeze_ratio = 10.0;            // single-thread freeze >= 10 x multi-thread's
inline constexpr double recording_ratio = 1.2;          // recording a comparison: frame p99 <= 1.2 x plain
inline constexpr double capture_cost_ms = 2.0;          // one capture's cost to the render thread
// The idle 1600x900 window's CPU per frame under llvmpipe (software
// OpenGL), at (nearly) the 60 Hz the loop paces itself to: half of the
// 26.2 ms the same window costs when every tiled panel draws its own
// background, which the panels leave out (bench's table says "half of").
inline constexpr double idle_cpu_per_frame_ms = 26.2 / 2;
inline constexpr double idle_fps = 55.0;
// The idle window's CPU per frame, as a multiple of the same window that
// only clears and swaps (the bench's "bare window"): near the floor.
inline constexpr double idle_over_bare_window = 2.0;
// The premise of the multi-thread figures: every worker busy the whole phase.
inline constexpr double busy_core_load_percent = 90.0;
// Memory is steady when the soak ends within this much of where it started.
inline constexpr double steady_growth_mib = 2.0;
inline constexpr double steady_growth_fraction = 0.02;

}  // namespace threadlab::targets
