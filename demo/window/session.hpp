#pragma once
// One session of the render loop in a window: a fresh Lab and Mandelbrot
// texture, the App loop, and what the session leaves. Every run of the
// window goes through here: the plain window (with or without --duration),
// both runs of the mode comparison and every phase of the benchmark, so
// each measures the same loop set up the same way.

#include <optional>
#include <stdexcept>
#include <string>

#include "window/app.hpp"
#include "settings/run_settings.hpp"
#include "window/window.hpp"

namespace threadlab::app {

// A scripted run was cut short (the window closed, or a signal) before its
// time was up: what it measured is no result.
class SessionInterrupted : public std::runtime_error {
 public:
  SessionInterrupted() : std::runtime_error("interrupted before the run was over: nothing was written") {}
};

struct SessionPlan {
  LabSettings lab;                     // mode, workload, workers, priority, image size
  bool start_job = true;               // false: the window idles (the benchmark's idle phase)
  std::optional<ScenarioKind> page;    // opens on a scenario page instead of the job
  bool page_fix = false;               // the scenario page's fix toggle
  bool step_page = false;              // opens on the Step-through page instead
  std::optional<double> duration_seconds;  // scripted: ends after this long; none: until closed
  std::optional<std::filesystem::path> screenshot_dir;
  FrameHooks hooks;
  TraceRecorder* trace = nullptr;  // the caller's trace, kept across sessions; none: the session's own
  std::string toast;  // shown as the session opens
};

// The plan the command line's options describe.
SessionPlan plan_of(const RunSettings& settings);

// A scripted run on the main page from `base`'s settings: `seconds` long in
// `mode`, the job started or not; no scenario page, no toast, no hooks yet.
// Every scripted run (the comparison's, the benchmark's phases) starts here.
SessionPlan scripted_plan(const SessionPlan& base, Mode mode, double seconds, bool start_job = true);

// Runs the session in `window` and returns its figures and why it ended. The
// Lab is destroyed (its job cancelled, every thread joined) before it returns.
SessionResult run_session(Window& window, const SessionPlan& plan);

// The plan that takes up a session where `ended` left it (after the Compare
// button): the same settings and page, figures starting again, and of a
// scripted session's time what `seconds_used` (comparison included) left.
SessionPlan plan_resuming(const SessionPlan& plan, const SessionResult& ended, double seconds_used);

}  // namespace threadlab::app
