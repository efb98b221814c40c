// Each scenario page's key figure judged against what its lesson predicts,
// with and without the fix: never the opposite of the lesson shown as a
// success, and no verdict from a run too short to mean anything.

#include <catch2/catch.hpp>
#include <initializer_list>
#include <string>
#include <utility>

#include "panels/panels.hpp"
#include "threadlab/scenarios/figure_names.hpp"
#include "widgets/format.hpp"

using namespace threadlab;
using namespace threadlab::ui;

namespace {

ScenarioResult scenario_result(ScenarioKind kind, bool fix, std::initializer_list<std::pair<std::string, double>> figures) {
  ScenarioResult result;
  result.kind = kind;
  result.fix = fix;
  for (const auto& figure : figures) result.figures.push_back(figure);
  return result;
}

}  // namespace

TEST_CASE("one_core's speedup of 1.43x on a busy pinned core is not shown as the lesson, and says why", "[panels][scenario]") {
  const LessonVerdict busy = judge_lesson(scenario_result(ScenarioKind::one_core, false, {{threadlab::figure::pinned, 1}, {threadlab::figure::speedup, 1.43}}));
  CHECK(busy.match == LessonMatch::differs);
  CHECK(busy.figure == "Speedup 1.43x");
  CHECK(busy.note.find("Other processes share the pinned core") != std::string::npos);

  const LessonVerdict quiet = judge_lesson(scenario_result(ScenarioKind::one_core, false, {{threadlab::figure::pinned, 1}, {threadlab::figure::speedup, 1.02}}));
  CHECK(quiet.match == LessonMatch::as_predicted);
  const LessonVerdict fixed = judge_lesson(scenario_result(ScenarioKind::one_core, true, {{threadlab::figure::pinned, 0}, {threadlab::figure::speedup, 1.9}}));
  CHECK(fixed.match == LessonMatch::as_predicted);
  const LessonVerdict fixed_busy = judge_lesson(scenario_result(ScenarioKind::one_core, true, {{threadlab::figure::pinned, 0}, {threadlab::figure::speedup, 1.05}}));
  CHECK(fixed_busy.match == LessonMatch::differs);
}

TEST_CASE("Every scenario's key figure is judged by what its lesson predicts, with and without the fix", "[panels][scenario]") {
  CHECK(judge_lesson(scenario_result(ScenarioKind::race, false, {{threadlab::figure::lost_updates, 1200}})).match == LessonMatch::as_predicted);
  CHECK(judge_lesson(scenario_result(ScenarioKind::race, false, {{threadlab::figure::lost_updates, 0}})).match == LessonMatch::differs);
  CHECK(judge_lesson(scenario_result(ScenarioKind::race, true, {{threadlab::figure::lost_updates, 0}})).match == LessonMatch::as_predicted);
  CHECK(judge_lesson(scenario_result(ScenarioKind::contention, false,
                                     {{"lock_wait_ms_1_thread", 0.1}, {"lock_wait_ms_4_threads", 900}}))
            .match == LessonMatch::as_predicted);
  // starvation: its own test case below.
  CHECK(judge_lesson(scenario_result(ScenarioKind::gil, false, {{"gil_scaling", 1.6}})).match == LessonMatch::differs);
  CHECK(judge_lesson(scenario_result(ScenarioKind::deadlock, false, {{threadlab::figure::recovered, 1}})).match == LessonMatch::as_predicted);
  // Nothing measured yet: no verdict, no colour.
  CHECK(judge_lesson(scenario_result(ScenarioKind::one_core, false, {})).match == LessonMatch::pending);
}

TEST_CASE("Starvation's headline is the longest wait for the Lock, judged against what a fair Lock allows",
          "[panels][truth][scenario]") {
  const auto unfair = judge_lesson(scenario_result(ScenarioKind::starvation, false,
                                             {{threadlab::figure::longest_lock_wait_ms, 472}, {threadlab::figure::fair_wait_bound_ms, 2.2}}));
  CHECK(unfair.match == LessonMatch::as_predicted);
  CHECK(unfair.figure == "Longest wait for the Lock " + format_ms(472));
  const auto fair = judge_lesson(scenario_result(ScenarioKind::starvation, true,
                                           {{threadlab::figure::longest_lock_wait_ms, 1.1}, {threadlab::figure::fair_wait_bound_ms, 2.2}}));
  CHECK(fair.match == LessonMatch::as_predicted);
  // The same figure either way would be "not what the lesson predicts" on one side.
  CHECK(judge_lesson(scenario_result(ScenarioKind::starvation, false, {{threadlab::figure::longest_lock_wait_ms, 1.1}, {threadlab::figure::fair_wait_bound_ms, 2.2}}))
            .match == LessonMatch::differs);
  CHECK(judge_lesson(scenario_result(ScenarioKind::starvation, true, {{threadlab::figure::longest_lock_wait_ms, 171}, {threadlab::figure::fair_wait_bound_ms, 2.2}}))
            .match == LessonMatch::differs);
}

TEST_CASE("one_core and gil give no verdict from a run too short to mean anything, and say so", "[panels][truth][scenario]") {
  const auto short_run = judge_lesson(scenario_result(ScenarioKind::one_core, false,
                                                {{threadlab::figure::pinned, 1}, {threadlab::figure::speedup, 1.2}, {threadlab::figure::measured_s, 0.11}}));
  CHECK(short_run.match == LessonMatch::too_short);
  CHECK(short_run.note.find("too short to judge") != std::string::npos);
  CHECK(judge_lesson(scenario_result(ScenarioKind::one_core, false, {{threadlab::figure::pinned, 1}, {threadlab::figure::speedup, 1.02}, {threadlab::figure::measured_s, 3.0}}))
            .match == LessonMatch::as_predicted);
  CHECK(judge_lesson(scenario_result(ScenarioKind::gil, false, {{"gil_scaling", 1.6}, {"gil_measured_s", 0.05}})).match ==
        LessonMatch::too_short);
  CHECK(judge_lesson(scenario_result(ScenarioKind::gil, true, {{"native_scaling", 1.9}, {"native_measured_s", 2.0}})).match ==
        LessonMatch::as_predicted);
}
