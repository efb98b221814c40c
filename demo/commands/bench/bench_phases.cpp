#include "commands/bench/bench_phases.hpp"

#include <algorithm>
#include <chrono>

#include "commands/compare_command.hpp"
#include "output/pictures/comparison_pictures.hpp"
#include "threadlab/measurement/clock.hpp"
#include "threadlab/measurement/frame_stats.hpp"
#include "window/session.hpp"

namespace threadlab::app {

// One session of the real render loop, through the same runner as
// `threadlab --duration`, with the job running or not.
Phase run_phase(Window& window, const RunSettings& settings, const char* name, Mode mode, bool with_job,
                double seconds, ProgressOverlay& overlay) {
  SessionPlan plan = scripted_plan(plan_of(settings), mode, seconds, with_job);
  double redrawn_shares = 0;
  int frames_shown = 0;
  plan.hooks.draw_overlay = [&overlay] { overlay.draw(); };
  plan.hooks.frame_shown = [&](const FrameShown& shown, Lab&) {
    redrawn_shares += window.last_redrawn_share();
    ++frames_shown;
    overlay.fraction = std::clamp(seconds_between(shown.run_started, shown.shown_at) / seconds, 0.0, 1.0);
  };
  const SessionResult result = run_session(window, plan);
  return Phase{name, figures_of_run(result.last_snapshot, result.facts.duration_s), {},
               frames_shown > 0 ? redrawn_shares / frames_shown : 1.0};
}

// A multi-thread run recorded as the comparison records it (the window read
// back at every filmstrip step): what recording costs the loop it records.
Phase run_recording_phase(Window& window, const RunSettings& settings, double seconds, ProgressOverlay& overlay) {
  ModeRun run = record_mode(window, plan_of(settings), Mode::multi_thread, seconds, overlay,
                            [&overlay](double fraction) { overlay.fraction = fraction; });
  return Phase{"recording", std::move(run.figures), std::move(run.capture_ms)};
}

// ImGui lays new windows out over their first frames, and the GL driver
// compiles its shaders on the first: a short session first, so the idle
// phase measures a window in its steady state.
void warm_up(Window& window, const RunSettings& settings, ProgressOverlay& overlay) {
  overlay.stage = "warming up";
  run_phase(window, settings, "warm-up", Mode::multi_thread, false, 0.5, overlay);
}

// The mean load of every core, less this process's own share of it.
double load_of_other_processes(const ModeFigures& figures, int cores) {
  return std::max(0.0, mean_of(figures.mean_core_load_percent) - figures.mean_process_percent / cores);
}

}  // namespace threadlab::app
