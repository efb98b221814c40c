// What the panels say matches what is happening: single-thread mode's
// frames (drawn only between jobs) tell the job that just ended and the
// next; the "not responding" meter reports the freeze that just ended with
// the figure Longest freeze gives it; a scenario's Locks stay after its run;
// each scenario page's headline figure and verdict.

#include <imgui.h>
#include <imgui_internal.h>

#include <catch2/catch.hpp>
#include <string>

#include "../headless_imgui.hpp"
#include "panels/panels.hpp"
#include "widgets/format.hpp"
#include "threadlab/scenarios/figure_names.hpp"

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
std::string controls_text(const LabSnapshot& snapshot) {
  return logged_text([&] { draw_controls_panel(controls_figures(snapshot)); });
}
std::string frames_text(const LabSnapshot& snapshot) {
  return logged_text([&] { draw_frames_panel(frames_figures(snapshot)); });
}

// A single-thread frame right after a 1.9 s Mandelbrot job, the next one due.
LabSnapshot between_jobs_snapshot() {
  LabSnapshot snapshot;
  snapshot.taken_at = Clock::now();
  snapshot.settings.mode = Mode::single_thread;
  snapshot.jobs_completed = 6;
  snapshot.last_job_seconds = 1.9;
  snapshot.job_running = true;
  snapshot.next_job_due = true;
  snapshot.job_name = "Mandelbrot 640x480";
  snapshot.job = JobProgress{1200, 1200, true, false};
  snapshot.ended_job = EndedJob{snapshot.job_name, snapshot.job, 1.9, MandelbrotView{}};
  snapshot.mandelbrot_view = MandelbrotView{};
  MandelbrotView next;
  next.scale = MandelbrotView{}.scale * 0.8;
  snapshot.next_view = next;
  snapshot.last_freeze = Freeze{1900.0, snapshot.taken_at - std::chrono::milliseconds(3)};
  snapshot.longest_freeze_ms = 1900.0;
  snapshot.not_responding_ms = 1900.0;  // the pings of the freeze are answered in the next event poll
  return snapshot;
}

}  // namespace

TEST_CASE("A single-thread frame between jobs says the last job froze the window, at 100 %, and the next starts now",
          "[panels][truth]") {
  HeadlessImGui imgui;
  const LabSnapshot snapshot = between_jobs_snapshot();
  CHECK(between_jobs_text(controls_figures(snapshot)) ==
        "The last job froze the window for 1.90 s; the next starts now: the next zoom step, 2.4 wide.");
  const std::string text = controls_text(snapshot);
  INFO(text);
  CHECK(text.find("idle") == std::string::npos);
  CHECK(text.find("No job yet") == std::string::npos);
  CHECK(text.find("Job: Mandelbrot 640x480 (finished; the next starts now)") != std::string::npos);
  CHECK(text.find("The last job froze the window for 1.90 s") != std::string::npos);
  CHECK(text.find("[ Restart ]") != std::string::npos);  // a job is under way: Restart and Cancel, not Start
}

TEST_CASE("The meter reports the freeze that just ended, with the same figure as Longest freeze", "[panels][truth]") {
  HeadlessImGui imgui;
  LabSnapshot snapshot = between_jobs_snapshot();
  const std::string meter = responding_text(frames_figures(snapshot));
  CHECK(meter == "Not responding for " + format_ms(1900.0) + ": a freeze that just ended");
  const std::string text = frames_text(snapshot);
  INFO(text);
  CHECK(text.find(meter) != std::string::npos);
  const std::size_t longest = text.find("Longest freeze");
  REQUIRE(longest != std::string::npos);
  CHECK(text.substr(longest, text.find('\n', longest) - longest).find(format_ms(1900.0)) != std::string::npos);

  // Long after, in multi-thread mode: responding, with the last freeze named.
  snapshot.settings.mode = Mode::multi_thread;
  snapshot.next_job_due = false;
  snapshot.not_responding_ms = 8.0;
  snapshot.taken_at = snapshot.last_freeze->ended + std::chrono::seconds(12);
  CHECK(responding_text(frames_figures(snapshot)).starts_with("Responding (last freeze " + format_ms(1900.0)));
  // A live stall with no freeze ended yet: the probe's age.
  snapshot.last_freeze.reset();
  snapshot.not_responding_ms = 250.0;
  CHECK(responding_text(frames_figures(snapshot)) == "Not responding for " + format_ms(250.0));
}

TEST_CASE("After a scenario ends, the Locks panel shows its Locks as they ended, and says so", "[panels][truth]") {
  HeadlessImGui imgui;
  LabSnapshot snapshot;
  snapshot.scenario = ScenarioSnapshot{};
  snapshot.scenario->current.kind = ScenarioKind::race;
  LockStats lock;
  lock.id = 7;
  lock.name = "race.counter";
  lock.acquisitions = 4'800'000;
  snapshot.locks = {lock};
  snapshot.locks_outlived = true;
  const std::string text = logged_text([&] { draw_locks_panel(locks_figures(snapshot)); });
  CHECK(text.find("No locks yet") == std::string::npos);
  CHECK(text.find("race.counter") != std::string::npos);
  CHECK(text.find("The scenario has ended and its Locks with it") != std::string::npos);
}

namespace {

ScenarioResult result_of(ScenarioKind kind, bool fix, std::initializer_list<std::pair<std::string, double>> figures) {
  ScenarioResult result;
  result.kind = kind;
  result.fix = fix;
  for (const auto& figure : figures) result.figures.push_back(figure);
  return result;
}

}  // namespace

TEST_CASE("Starvation's headline is the longest wait for the Lock, judged against what a fair Lock allows",
          "[panels][truth][scenario]") {
  const auto unfair = judge_lesson(result_of(ScenarioKind::starvation, false,
                                             {{threadlab::figure::longest_lock_wait_ms, 472}, {threadlab::figure::fair_wait_bound_ms, 2.2}}));
  CHECK(unfair.match == LessonMatch::as_predicted);
  CHECK(unfair.figure == "Longest wait for the Lock " + format_ms(472));
  const auto fair = judge_lesson(result_of(ScenarioKind::starvation, true,
                                           {{threadlab::figure::longest_lock_wait_ms, 1.1}, {threadlab::figure::fair_wait_bound_ms, 2.2}}));
  CHECK(fair.match == LessonMatch::as_predicted);
  // The same figure either way would be "not what the lesson predicts" on one side.
  CHECK(judge_lesson(result_of(ScenarioKind::starvation, false, {{threadlab::figure::longest_lock_wait_ms, 1.1}, {threadlab::figure::fair_wait_bound_ms, 2.2}}))
            .match == LessonMatch::differs);
  CHECK(judge_lesson(result_of(ScenarioKind::starvation, true, {{threadlab::figure::longest_lock_wait_ms, 171}, {threadlab::figure::fair_wait_bound_ms, 2.2}}))
            .match == LessonMatch::differs);
}

TEST_CASE("one_core and gil give no verdict from a run too short to mean anything, and say so", "[panels][truth][scenario]") {
  const auto short_run = judge_lesson(result_of(ScenarioKind::one_core, false,
                                                {{threadlab::figure::pinned, 1}, {threadlab::figure::speedup, 1.2}, {threadlab::figure::measured_s, 0.11}}));
  CHECK(short_run.match == LessonMatch::too_short);
  CHECK(short_run.note.find("too short to judge") != std::string::npos);
  CHECK(judge_lesson(result_of(ScenarioKind::one_core, false, {{threadlab::figure::pinned, 1}, {threadlab::figure::speedup, 1.02}, {threadlab::figure::measured_s, 3.0}}))
            .match == LessonMatch::as_predicted);
  CHECK(judge_lesson(result_of(ScenarioKind::gil, false, {{"gil_scaling", 1.6}, {"gil_measured_s", 0.05}})).match ==
        LessonMatch::too_short);
  CHECK(judge_lesson(result_of(ScenarioKind::gil, true, {{"native_scaling", 1.9}, {"native_measured_s", 2.0}})).match ==
        LessonMatch::as_predicted);
}
