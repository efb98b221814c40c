// Scenario: one of "the tutorial's cons" (race, contention, deadlock,
// starvation, one core, GIL) as a page: what happens and why, the fix
// toggle, the verdict on the key figure, then the figures that show it
// (scenario_figures_view.cpp; for a deadlock, the cycle drawn as a wait-for
// graph by wait_for_graph.cpp).

#include <fmt/format.h>

#include "widgets/format.hpp"
#include "layout/panel_window.hpp"
#include "panels.hpp"
#include "lessons/scenario_page.hpp"
#include "threadlab/scenarios/scenario.hpp"
#include "widgets/widgets.hpp"

namespace threadlab::ui {

namespace {

const char* verdict_words(LessonMatch match) {
  switch (match) {
    case LessonMatch::as_predicted: return "as the lesson predicts";
    case LessonMatch::too_short: return "too short a run to judge";
    default: return "not what the lesson predicts";
  }
}

// The verdict under the controls: the key figure, coloured by the lesson.
void draw_verdict(const ScenarioResult& result) {
  const LessonVerdict verdict = judge_lesson(result);
  if (verdict.match == LessonMatch::pending) return;
  ImGui::PushTextWrapPos(0.0f);
  coloured_text(lesson_colour(verdict.match),
                fmt::format("{}: {}", verdict.figure, verdict_words(verdict.match)));
  ImGui::SameLine();
  help_marker("Green: the figure shows what this page teaches (with the fix: that the fix works). Amber: "
              "the machine moved it, as the note says; run again on a quieter machine to see the lesson.");
  note(verdict.note);
  ImGui::PopTextWrapPos();
}

// The run's state, the buttons that change it, and the fix toggle.
void draw_run_controls(const ScenarioSnapshot& snapshot, const ScenarioInfo& info,
                       ScenarioRequests& requests) {
  bool fix = snapshot.current.fix;
  if (ImGui::Checkbox("Apply the fix", &fix)) requests.fix = fix;
  ImGui::SameLine();
  help_marker(info.fix);
  ImGui::SameLine();
  if (snapshot.running) {
    if (ImGui::Button("Stop")) requests.stop = true;
  } else if (ImGui::Button(snapshot.started ? "Run again" : "Run")) {
    requests.run = true;
  }

  if (!snapshot.error.empty()) {
    coloured_text(colour_bad(), "Failed: " + snapshot.error);
  } else if (snapshot.started) {
    labelled_bar(snapshot.progress,
                 fmt::format("{} ({})", snapshot.phase, format_seconds(snapshot.elapsed_seconds)));
  } else {
    note(fmt::format("Not started. Threads: {}.", info.default_threads));
  }
}

}  // namespace

ScenarioRequests draw_scenario_panel(const ScenarioSnapshot& snapshot) {
  ScenarioRequests requests;
  const PanelWindow window(Panel::scenario);
  if (!window.visible()) return requests;

  const ScenarioInfo& info = scenario_info(snapshot.current.kind);
  text(info.title);
  panel_intro(info.explanation, info.fix);
  draw_run_controls(snapshot, info, requests);
  draw_verdict(snapshot.current);
  ImGui::Separator();

  draw_scenario_figures(snapshot, requests);
  for (const auto& line : snapshot.current.notes) note(line);
  draw_all_figures(snapshot);
  return requests;
}

}  // namespace threadlab::ui
