#pragma once
// The render loop. It paces frames at 60 Hz itself and, between frames,
// keeps handling events and answering the Lab's responsiveness probe, so the
// probe measures exactly what a desktop would: how long the loop takes to
// get back to its events. Each frame draws every panel from one snapshot and
// applies what the panels ask for.

#include <chrono>

#include "cli.hpp"
#include "panels/panels.hpp"
#include "stats_json.hpp"
#include "texture.hpp"
#include "threadlab/lab.hpp"
#include "window.hpp"

namespace threadlab::app {

inline constexpr auto frame_period = std::chrono::duration_cast<Clock::duration>(
    std::chrono::duration<double>(1.0 / 60.0));

struct SessionResult {
  LabSnapshot last_snapshot;  // taken after the last frame
  SessionFacts facts;
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

 private:
  void frame(Clock::time_point frame_began, Millis last_frame_time);
  void upload_finished_tiles();
  void handle_keys(const LabSnapshot& snapshot);
  void apply(const ui::ControlRequests& requests);
  void apply(const ui::ViewRequests& requests);
  // Handles events and answers the probe until `deadline`.
  void wait_for_next_frame(Clock::time_point deadline);

  Window& window_;
  Lab& lab_;
  MandelbrotTexture& texture_;
  RunSettings settings_;
  Clock::time_point started_ = Clock::now();
};

}  // namespace threadlab::app
