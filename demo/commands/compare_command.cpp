#include "commands/compare_command.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "output/pictures/comparison_pictures.hpp"
#include "process/signals.hpp"
#include "drawing/damage_renderer.hpp"
#include "output/trace/trace_json.hpp"
#include "window/progress_overlay.hpp"
#include "threadlab/measurement/clock.hpp"
#include "threadlab/measurement/machine.hpp"

namespace threadlab::app {

namespace {

// A capture is asked for when a filmstrip step comes within this much of the
// frame about to be drawn: about one frame at 60 Hz.
constexpr auto capture_horizon = std::chrono::milliseconds(20);

namespace fs = std::filesystem;

// Creates `folder` and its missing parents; returns those it made, innermost first.
std::vector<fs::path> create_folders(const fs::path& folder) {
  std::vector<fs::path> made;
  std::error_code error;
  for (fs::path missing = folder; !missing.empty() && !fs::exists(missing, error); missing = missing.parent_path()) {
    made.push_back(missing);
    if (missing == missing.parent_path()) break;
  }
  fs::create_directories(folder, error);
  if (error) throw std::runtime_error(fmt::format("cannot create folder {}: {}", folder.string(), error.message()));
  return made;
}

// Removes the folders create_folders made, where they are still empty.
void remove_folders(const std::vector<fs::path>& made) {
  std::error_code error;
  for (const fs::path& folder : made) fs::remove(folder, error);  // a folder with files in it stays
}

// Writes the six files into `folder`, created (with its parents) only now: a
// run that fails or is stopped before leaves no folder behind.
void write_into_new_or_old_folder(const fs::path& folder, const ModeRun& single, const ModeRun& multi,
                                  const ComparisonContext& context) {
  const std::vector<fs::path> made = create_folders(folder);
  try {
    // A signal before the renames: the old set stays and the command exits 128 + n.
    write_comparison(folder, single, multi, context, signals::commit_results);
  } catch (const WriteCancelled&) {
    remove_folders(made);
    throw SessionInterrupted();
  } catch (...) {
    remove_folders(made);
    throw;
  }
}

}  // namespace

ModeRun record_mode(Window& window, const SessionPlan& base, Mode mode, double seconds, const ProgressOverlay& overlay,
                    const std::function<void(double)>& progress) {
  SessionPlan plan = scripted_plan(base, mode, seconds);

  ModeRun run;
  TraceRecorder trace(fmt::format("compare, {} mode", mode == Mode::single_thread ? "single-thread" : "multi-thread"));
  plan.trace = &trace;
  const auto length = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  std::optional<FilmstripRecorder> recorder;
  // Ten steps whatever the length: the pictures kept while the run goes on
  // (one per step, the midpoint, the frame on screen) do not grow with it.
  const Clock::duration step = filmstrip_step_for(length);
  run.filmstrip_step_ms = to_ms(step);
  plan.hooks.draw_overlay = [&overlay] { overlay.draw(); };
  plan.hooks.want_capture = [&](Clock::time_point frame_began) {
    // What is on screen as the run starts is the previous session's last
    // frame; the recorder starts with the run's first frame.
    return !recorder || recorder->wants_picture(frame_began, capture_horizon);
  };
  plan.hooks.frame_shown = [&](const FrameShown& shown, Lab&) {
    if (!recorder) recorder.emplace(shown.run_started, length, step);
    if (shown.index > 0) run.frame_times_ms.push_back(static_cast<float>(shown.previous_frame_time.count()));
    if (shown.capture) run.capture_ms.push_back(shown.capture->read_ms);
    recorder->frame_shown(shown.index, shown.shown_at, shown.capture);
    progress(std::clamp(std::chrono::duration<double>(shown.shown_at - shown.run_started) / length, 0.0, 1.0));
  };
  // One buffer per step, the midpoint, and a spare; ready before the run.
  window.prepare_captures(filmstrip_pictures + 3);
  const SessionResult result = run_session(window, plan);
  if (result.end != SessionEnd::duration_over) throw SessionInterrupted();
  if (recorder) {
    recorder->finish(Clock::now());
    // Developed after the run, so the run itself paid only for the reads.
    run.filmstrip = develop_filmstrip(recorder->slots(), filmstrip_thumbnail_width);
    if (recorder->midpoint()) run.midpoint = recorder->midpoint()->to_image();
  }
  run.figures = figures_of_run(result.last_snapshot, result.facts.duration_s);
  run.timeline = result.last_snapshot.timeline;
  run.trace_json = trace_json_text(trace.take());
  return run;
}

void run_comparison(Window& window, const SessionPlan& base, double seconds, const std::filesystem::path& folder,
                    const CompareProgress& progress, int beside) {
  // A missing folder was checked by the command line and is created at the end.
  if (std::filesystem::exists(folder)) check_output_folder(folder);
  const MachineFacts machine = current_machine();
  ComparisonContext context;
  context.date = utc_date_text(std::chrono::system_clock::now());
  context.cpu_model = machine.cpu_model;
  context.cores = machine.cores;
  context.gl_renderer = window.gl_renderer();
  // The Window checked the variable: here it is only named in the report.
  const RedrawChoice redraw = redraw_choice(std::getenv("THREADLAB_REDRAW")).value_or(RedrawChoice::changes);
  context.redraw = redraw == RedrawChoice::all ? "all" : "changes";
  context.redraws_only_changes = redraws_only_changes(context.gl_renderer, redraw);
  context.load_at_start = machine.load;
  context.beside = beside;
  ProgressOverlay overlay{"Comparing modes", "", 0};
  auto report = [&](double fraction, const char* stage) {
    overlay.fraction = fraction;
    overlay.stage = fmt::format("{} ({:.0f}%)", stage, 100 * fraction);
    if (progress) progress(fraction, stage);
  };
  report(0, "single-thread run");
  {
    // ImGui lays new windows out over their first frames; a short idle
    // session first, so both runs start from a window that shows its panels.
    SessionPlan idle = scripted_plan(base, base.lab.mode, 0.3, false);
    idle.hooks.draw_overlay = [&overlay] { overlay.draw(); };
    if (run_session(window, idle).end != SessionEnd::duration_over) throw SessionInterrupted();
  }
  const ModeRun single = record_mode(window, base, Mode::single_thread, seconds, overlay,
                                  [&](double f) { report(0.5 * f, "single-thread run"); });
  const ModeRun multi = record_mode(window, base, Mode::multi_thread, seconds, overlay,
                                 [&](double f) { report(0.5 + 0.5 * f, "multi-thread run"); });
  // A close (or a signal) that came as the last run ended: no result either.
  if (window.should_close()) throw SessionInterrupted();
  report(1.0, "writing the pictures");
  context.load_at_end = current_load_averages();
  context.window_width = single.midpoint.width();
  context.window_height = single.midpoint.height();
  write_into_new_or_old_folder(folder, single, multi, context);
}

}  // namespace threadlab::app
