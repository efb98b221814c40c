#include "compare_session.hpp"

#include <fmt/format.h>
#include <imgui.h>

#include <algorithm>
#include <optional>
#include <string>

#include "app.hpp"
#include "progress_overlay.hpp"
#include "compare.hpp"
#include "screenshot.hpp"
#include "texture.hpp"
#include "threadlab/lab.hpp"
#include "window.hpp"

namespace threadlab::app {

namespace {

ModeRun run_mode(Window& window, const RunSettings& settings, Mode mode, double seconds, ProgressOverlay& state,
                 const std::function<void(double)>& progress) {
  RunSettings run_settings = settings;
  run_settings.lab.mode = mode;
  run_settings.duration_seconds = seconds;
  run_settings.stats_json.reset();
  // A fresh texture: the other mode's picture must not show in this run.
  MandelbrotTexture texture(run_settings.lab.image_width, run_settings.lab.image_height);
  ModeRun run;
  {
    Lab lab(run_settings.lab, &Window::wake);
    lab.start_job();
    App app(window, lab, texture, run_settings);
    const auto length = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    // What is on screen as the run starts (the previous session's last
    // frame) stays there until this run draws: single-thread mode runs a
    // whole job before its first frame.
    std::optional<FilmstripRecorder> recorder(std::in_place, Clock::now(), length, filmstrip_step, 192);
    const Image before_first_frame = capture_window(window.handle());
    recorder->frame_shown(0, Clock::now(), &before_first_frame);
    FrameHooks hooks;
    hooks.draw_overlay = [&state] { state.draw(); };
    hooks.frame_shown = [&](const FrameShown& shown) {
      if (shown.index > 0) run.frame_times_ms.push_back(static_cast<float>(shown.previous_frame_time.count()));
      // A frame after a freeze may well be followed by another: always kept.
      // (Not after every slow frame: on a loaded machine that is most of
      // them, and capturing costs the loop being measured a redraw.)
      const bool after_freeze = shown.previous_frame_time > std::chrono::milliseconds(250);
      if (after_freeze || recorder->wants_picture(shown.shown_at, std::chrono::milliseconds(40))) {
        const Image picture = capture_window(window.handle());
        recorder->frame_shown(shown.index + 1, shown.shown_at, &picture);
      } else {
        recorder->frame_shown(shown.index + 1, shown.shown_at, nullptr);
      }
      progress(std::clamp(std::chrono::duration<double>(shown.shown_at - shown.run_started) / length, 0.0, 1.0));
    };
    app.set_frame_hooks(std::move(hooks));
    const SessionResult result = app.run();
    if (recorder) {
      recorder->finish(Clock::now());
      run.slots = recorder->slots();
      run.midpoint = recorder->midpoint();
    }
    run.figures = figures_of_run(result.last_snapshot, result.facts.duration_s, run.frame_times_ms);
  }
  return run;
}

}  // namespace

void run_comparison(Window& window, const RunSettings& settings, double seconds, const std::filesystem::path& folder,
                    const CompareProgress& progress) {
  check_output_folder(folder);
  ProgressOverlay state{"Comparing modes", "", 0};
  auto report = [&](double fraction, const char* stage) {
    state.fraction = fraction;
    state.stage = fmt::format("{} ({:.0f}%)", stage, 100 * fraction);
    if (progress) progress(fraction, stage);
  };
  report(0, "single-thread run");
  {
    // ImGui lays new windows out over their first frames; a short idle
    // session first, so both runs start from a window that shows its panels.
    RunSettings idle = settings;
    idle.duration_seconds = 0.3;
    idle.stats_json.reset();
    MandelbrotTexture texture(idle.lab.image_width, idle.lab.image_height);
    Lab lab(idle.lab, &Window::wake);
    App app(window, lab, texture, idle);
    app.set_frame_hooks(FrameHooks{[&state] { state.draw(); }, nullptr});
    app.run();
  }
  const ModeRun single = run_mode(window, settings, Mode::single_thread, seconds, state,
                                  [&](double f) { report(0.5 * f, "single-thread run"); });
  const ModeRun multi = run_mode(window, settings, Mode::multi_thread, seconds, state,
                                 [&](double f) { report(0.5 + 0.5 * f, "multi-thread run"); });
  report(1.0, "writing the pictures");
  write_comparison(folder, single, multi);
}

}  // namespace threadlab::app
