// What the panels say matches what is happening: single-thread mode's
// frames (drawn only between jobs) tell the job that just ended and the
// next; the "not responding" meter reports the freeze that just ended with
// the figure Longest freeze gives it; a scenario's Locks stay after its run.

#include <imgui.h>
#include <imgui_internal.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "../headless_imgui.hpp"
#include "panels/panels.hpp"
#include "widgets/format.hpp"

using namespace threadlab;
using namespace threadlab::ui;
using threadlab::test::HeadlessImGui;

namespace {

// Every piece of text `draw` renders in one frame, one per line.
template <typename Draw>
std::string logged_text(Draw draw) {
  ImGui::NewFrame();
  ImGui::SetClipboardText("");
  ImGui::LogToClipboard();
  draw();
  ImGui::LogFinish();
  std::string logged = ImGui::GetClipboardText();
  ImGui::Render();
  return logged;
}

// The log ends with the first window: one panel at a time.
std::string controls_text(const ControlsFigures& controls) {
  return logged_text([&] { draw_controls_panel(controls); });
}
std::string frames_text(const FramesFigures& frames) {
  return logged_text([&] { draw_frames_panel(frames); });
}

// A single-thread frame right after a 1.9 s Mandelbrot job, the next one
// due, drawn 3 ms after the freeze ended.
const Clock::time_point frame_taken_at = Clock::now();
const Freeze job_freeze{1900.0, frame_taken_at - std::chrono::milliseconds(3)};

ControlsFigures between_jobs_controls() {
  MandelbrotView next;
  next.scale = MandelbrotView{}.scale * 0.8;
  ControlsFigures controls;
  controls.mode = Mode::single_thread;
  controls.job = {.name = "Mandelbrot 640x480",
                  .progress = JobProgress{1200, 1200, true, false},
                  .running = true,
                  .next_job_due = true,
                  .last_freeze = job_freeze,
                  .ended_job_seconds = 1.9,
                  .next_view = next,
                  .jobs_completed = 6,
                  .last_job_seconds = 1.9};
  return controls;
}

FramesFigures after_the_freeze() {
  // The pings of the freeze are answered in the next event poll.
  return {.taken_at = frame_taken_at, .not_responding_ms = 1900.0, .longest_freeze_ms = 1900.0,
          .last_freeze = job_freeze};
}

}  // namespace

TEST_CASE("A single-thread frame between jobs says the last job froze the window, at 100 %, and the next starts now",
          "[panels][truth]") {
  HeadlessImGui imgui;
  const ControlsFigures controls = between_jobs_controls();
  CHECK(between_jobs_text(controls) ==
        "The last job froze the window for 1.90 s; the next starts now: the next zoom step, 2.4 wide.");
  const std::string text = controls_text(controls);
  INFO(text);
  CHECK(text.find("idle") == std::string::npos);
  CHECK(text.find("No job yet") == std::string::npos);
  CHECK(text.find("Job: Mandelbrot 640x480 (finished; the next starts now)") != std::string::npos);
  CHECK(text.find("The last job froze the window for 1.90 s") != std::string::npos);
  CHECK(text.find("[ Restart ]") != std::string::npos);  // a job is under way: Restart and Cancel, not Start
}

TEST_CASE("The meter reports the freeze that just ended, with the same figure as Longest freeze", "[panels][truth]") {
  HeadlessImGui imgui;
  FramesFigures frames = after_the_freeze();
  const std::string meter = responding_text(frames);
  CHECK(meter == "Not responding for " + format_ms(1900.0) + ": a freeze that just ended");
  const std::string text = frames_text(frames);
  INFO(text);
  CHECK(text.find(meter) != std::string::npos);
  const std::size_t longest = text.find("Longest freeze");
  REQUIRE(longest != std::string::npos);
  CHECK(text.substr(longest, text.find('\n', longest) - longest).find(format_ms(1900.0)) != std::string::npos);

  // Long after, in multi-thread mode: responding, with the last freeze named.
  frames.not_responding_ms = 8.0;
  frames.taken_at = job_freeze.ended + std::chrono::seconds(12);
  CHECK(responding_text(frames).starts_with("Responding (last freeze " + format_ms(1900.0)));
  // A live stall with no freeze ended yet: the probe's age.
  frames.last_freeze.reset();
  frames.not_responding_ms = 250.0;
  CHECK(responding_text(frames) == "Not responding for " + format_ms(250.0));
}

TEST_CASE("After a scenario ends, the Locks panel shows its Locks as they ended, and says so", "[panels][truth]") {
  HeadlessImGui imgui;
  LockStats lock;
  lock.id = 7;
  lock.name = "race.counter";
  lock.acquisitions = 4'800'000;
  const std::vector<LockStats> locks = {lock};
  const std::string text =
      logged_text([&] { draw_locks_panel({.locks = locks, .outlived = true, .scenario_page = true}); });
  CHECK(text.find("No locks yet") == std::string::npos);
  CHECK(text.find("race.counter") != std::string::npos);
  CHECK(text.find("The scenario has ended and its Locks with it") != std::string::npos);
}
