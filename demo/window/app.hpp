#pragma once
// The render loop. It paces frames at 60 Hz itself and, between frames,
// keeps handling events and answering the Lab's responsiveness probe, so the
// probe measures exactly what a desktop would: how long the loop takes to
// get back to its events. Each frame draws every panel from one snapshot and
// applies what the panels ask for.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "settings/run_settings.hpp"
#include "output/pictures/image.hpp"
#include "output/trace/lab_trace.hpp"
#include "output/trace/trace_recorder.hpp"
#include "panels/panels.hpp"
#include "output/json/stats_json.hpp"
#include "drawing/texture.hpp"
#include "threadlab/lab/lab.hpp"
#include "window/window.hpp"

namespace threadlab::app {

// The Compare button runs each mode this long.
inline constexpr double compare_seconds = 4.0;
// Save trace (the button, or T) writes this much of the session.
inline constexpr std::chrono::seconds saved_trace_span{30};
// How often the loop hands the Lab's timeline to the trace: well inside the
// 10 s the engine keeps.
inline constexpr auto trace_record_period = std::chrono::milliseconds(250);

inline constexpr auto frame_period = std::chrono::duration_cast<Clock::duration>(
    std::chrono::duration<double>(1.0 / 60.0));

// Why a session's loop returned.
enum class SessionEnd {
  duration_over,         // a scripted session ran its time
  closed,                // the close button, or a signal
  comparison_requested,  // the Compare button: whoever runs the window runs it
};

struct SessionResult {
  SessionEnd end = SessionEnd::closed;
  LabSnapshot last_snapshot;  // taken after the last frame
  SessionFacts facts;
};

// A frame the loop has just shown (after the buffer swap).
struct FrameShown {
  std::uint64_t index = 0;              // 0: the run's first frame
  Clock::time_point run_started{};
  Clock::time_point shown_at{};
  Millis previous_frame_time{0};        // the frame before, start to start
  // The frame's pixels, when a capture was asked for (FrameHooks::want_capture).
  std::shared_ptr<const CapturedFrame> capture;
};

// How a scripted run watches the loop: an overlay drawn with the panels, a
// question before each frame (keep a copy of it?), and a call after every
// frame shown, with the Lab for runs that drive it (the memory soak).
struct FrameHooks {
  std::function<void()> draw_overlay;
  std::function<bool(Clock::time_point frame_began)> want_capture;
  std::function<void(const FrameShown&, Lab&)> frame_shown;
};

class App {
 public:
  // The Lab's job should already be started; all four outlive the App.
  App(Window& window, Lab& lab, MandelbrotTexture& texture, const RunSettings& settings);

  // Runs frames until the window is closed, the Compare button is pressed,
  // or, in a scripted session, the duration has passed (the frame under way
  // is finished first); then cancels the job and returns the session's
  // figures and why it ended.
  SessionResult run();

  // F12 and the Controls panel's button.
  void request_screenshot();
  void set_frame_hooks(FrameHooks hooks) { hooks_ = std::move(hooks); }
  // Where the session's trace goes (the caller's, kept across sessions);
  // without one the App keeps its own, for Save trace.
  void set_trace(TraceRecorder* trace) { trace_ = trace ? trace : own_trace_.get(); }
  // Save trace (the button, or T): the last 30 s, written in the background.
  void request_trace_save();
  // A line for the user, shown for a few seconds ("Comparison written to ...").
  void show_toast(std::string message);

 private:
  void frame(Clock::time_point frame_began, Millis last_frame_time);
  // One frame drawn, captured when a screenshot is queued or a hook wants it,
  // and reported to the hooks.
  void show_frame(Clock::time_point frame_began, Millis last_frame_time);
  // After the session's last frame: frames (with the job cancelled) until
  // every queued screenshot is captured, unless the window is closing.
  void flush_screenshots();
  void upload_finished_tiles();
  // The keys pressed since the last frame, as requests (M: the mode toggle).
  void handle_keys(const LabSnapshot& snapshot, ui::FrameRequests& requests);
  void apply_step_request(const stepping::StepRequest& request);
  void apply(const ui::ControlRequests& requests);
  void apply(const ui::ViewRequests& requests);
  void apply(const ui::ScenarioRequests& requests, const ScenarioSnapshot& shown);
  // Handles events and answers the probe until `deadline`.
  void wait_for_next_frame(Clock::time_point deadline);
  // The frame just shown, kept for the screenshot asked for.
  void save_screenshot_of(std::shared_ptr<const CapturedFrame> frame);
  void record_trace(const LabSnapshot& snapshot, bool now);
  LabSnapshot final_snapshot();  // after the last frame, into the trace too
  void report_background_outcomes();
  void report_background_outcome(const TaskOutcome& outcome);
  void draw_toast(Clock::time_point now);
  std::filesystem::path screenshot_folder() const;

  Window& window_;
  Lab& lab_;
  MandelbrotTexture& texture_;
  RunSettings settings_;
  Clock::time_point started_ = Clock::now();
  FrameHooks hooks_;
  std::uint64_t frames_shown_ = 0;
  // F12 or the button, one each: queued captures, one per frame drawn from
  // the next on; a session does not end with one still queued.
  int screenshots_requested_ = 0;
  bool comparison_requested_ = false;
  std::unique_ptr<TraceRecorder> own_trace_ =
      std::make_unique<TraceRecorder>("the window", default_trace_budget_bytes, saved_trace_span);
  TraceRecorder* trace_ = own_trace_.get();
  LabTrace lab_trace_;
  Clock::time_point trace_recorded_at_{};
  std::string toast_;
  Clock::time_point toast_until_{};
};

}  // namespace threadlab::app
