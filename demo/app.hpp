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
#include <string>

#include "cli.hpp"
#include "panels/panels.hpp"
#include "stats_json.hpp"
#include "texture.hpp"
#include "threadlab/lab.hpp"
#include "window.hpp"

namespace threadlab::app {

// The Compare button runs each mode this long.
inline constexpr double compare_seconds = 4.0;

inline constexpr auto frame_period = std::chrono::duration_cast<Clock::duration>(
    std::chrono::duration<double>(1.0 / 60.0));

struct SessionResult {
  LabSnapshot last_snapshot;  // taken after the last frame
  SessionFacts facts;
};

// A frame the loop has just shown (after the buffer swap).
struct FrameShown {
  std::uint64_t index = 0;              // 0: the run's first frame
  Clock::time_point run_started{};
  Clock::time_point shown_at{};
  Millis previous_frame_time{0};        // the frame before, start to start
};

// How the mode comparison watches a run: an overlay drawn with the panels,
// and a call after every frame shown (the window can be captured then).
struct FrameHooks {
  std::function<void()> draw_overlay;
  std::function<void(const FrameShown&)> frame_shown;
};

class App {
 public:
  // The Lab's job should already be started; all four outlive the App.
  App(Window& window, Lab& lab, MandelbrotTexture& texture, const RunSettings& settings);

  // Runs frames until the window is closed or, in a scripted session, until
  // the duration has passed (the frame under way is finished first); then
  // cancels the job and returns the session's figures.
  SessionResult run();

  // F12 and the Controls panel's button.
  void request_screenshot();
  // The Controls panel's "compare" button.
  void request_comparison();
  void set_frame_hooks(FrameHooks hooks) { hooks_ = std::move(hooks); }

 private:
  void frame(Clock::time_point frame_began, Millis last_frame_time);
  void upload_finished_tiles();
  void handle_keys(const LabSnapshot& snapshot);
  void apply(const ui::ControlRequests& requests);
  void apply(const ui::ViewRequests& requests);
  void apply(const ui::ScenarioRequests& requests, const ScenarioSnapshot& shown);
  // Handles events and answers the probe until `deadline`.
  void wait_for_next_frame(Clock::time_point deadline);
  // Done between frames, outside the ImGui frame, as the window shows the last one.
  void take_pending_screenshot();
  void report_background_outcomes();
  void report_background_outcome(const TaskOutcome& outcome);
  // Returns whether a comparison ran.
  bool run_pending_comparison();
  void show_toast(std::string message);
  void draw_toast(Clock::time_point now);
  std::filesystem::path screenshot_folder() const;

  Window& window_;
  Lab& lab_;
  MandelbrotTexture& texture_;
  RunSettings settings_;
  Clock::time_point started_ = Clock::now();
  FrameHooks hooks_;
  std::uint64_t frames_shown_ = 0;
  bool screenshot_requested_ = false;
  bool comparison_requested_ = false;
  std::string toast_;
  Clock::time_point toast_until_{};
};

}  // namespace threadlab::app
