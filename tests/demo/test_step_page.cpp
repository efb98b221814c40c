// The Step-through page and `threadlab step`: what the arguments turn into,
// the JSON a scripted run writes, and the page drawn headless from a real
// session.

#include <imgui.h>
#include <imgui_internal.h>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "../headless_imgui.hpp"
#include "commands/cli.hpp"
#include "output/json/step_json.hpp"
#include "panels/panels.hpp"
#include "threadlab/stepping/step_session.hpp"

using namespace threadlab;
using namespace threadlab::app;

namespace {

CliOutcome parse(std::vector<std::string> args) { return parse_command_line(args, 2); }

// The window was drawn in the last frame, with something in it.
bool window_drawn(const char* window_name) {
  ImGuiWindow* window = ImGui::FindWindowByName(window_name);
  return window != nullptr && window->WasActive && window->DrawList->VtxBuffer.Size > 0;
}

}  // namespace

TEST_CASE("threadlab step: the lesson, the fix, threads, repeats and the schedule as typed") {
  const CliOutcome outcome = parse({"step", "race", "--fix", "--threads", "3", "--repeats", "2", "--schedule", "1,2,3,1"});
  INFO(outcome.error);
  REQUIRE(outcome.command_line);
  const StepSettings& step = outcome.command_line->step;
  CHECK(outcome.command_line->command == Command::step);
  CHECK(step.options.lesson == stepping::StepLesson::race);
  CHECK(step.options.fix);
  CHECK(step.options.threads == 3);
  CHECK(step.options.repeats == 2);
  CHECK(step.schedule == std::vector<int>{1, 2, 3, 1});
}

TEST_CASE("threadlab step: a bad lesson or schedule is one line and exit 2") {
  const CliOutcome lesson = parse({"step", "livelock"});
  CHECK(lesson.exit_code == 2);
  CHECK(lesson.error == "threadlab: LESSON: livelock is not one of race, deadlock");
  const CliOutcome schedule = parse({"step", "deadlock", "--schedule", "1,,2"});
  CHECK(schedule.exit_code == 2);
  CHECK(schedule.error == "threadlab: --schedule:  is not a thread number 1..4 (e.g. 1,2,1,2)");
  CHECK(parse({"--page", "step"}).command_line->run.step_page);
}

TEST_CASE("threadlab step's JSON: steps 1-based with the values before and after, and the figures") {
  const stepping::StepOptions options{stepping::StepLesson::deadlock, false, 2, 1};
  const auto run = stepping::run_schedule(options, {0, 1, 0, 1});
  const auto json = build_step_json(run, options, {1, 2, 1, 2});
  CHECK(json.at("lesson") == "deadlock");
  CHECK(json.at("schedule") == nlohmann::json::array({1, 2, 1, 2}));
  REQUIRE(json.at("steps").size() == 4);
  CHECK(json.at("steps")[0].at("thread") == 1);
  CHECK(json.at("steps")[0].at("text") == "A.acquire()");
  CHECK(json.at("steps")[0].at("after").at("lock_holders").at("A") == "T1");
  CHECK(json.at("steps")[0].at("before").at("lock_holders").at("A").is_null());
  const auto& figures = json.at("figures");
  CHECK(figures.at("deadlock") == true);
  CHECK(figures.at("expected") == 2);
  CHECK(figures.at("actual") == 0);
  REQUIRE(figures.at("cycle").size() == 2);
  CHECK(figures.at("cycle")[0].at("holds") == "A");
  CHECK(figures.at("cycle")[0].at("waits_for") == "B");
}

TEST_CASE("the Step-through page draws a real session in the scenario's place, and a Step button asks for a step") {
  test::HeadlessImGui imgui;
  stepping::StepSession session(stepping::StepOptions{});
  for (const int thread : {0, 1}) {
    stepping::StepRequest request;
    request.steps = {thread};
    session.apply(request);
  }
  LabSnapshot snapshot;
  snapshot.stepper = session.snapshot();
  CHECK(ui::page_of(snapshot).stepper);
  for (int frame = 0; frame < 2; ++frame) {
    ImGui::NewFrame();
    const ui::FrameRequests requests =
        ui::draw_all_panels(snapshot, 0.0, ui::CentreImage{ImTextureID{}, ImVec2(640.0f, 480.0f)});
    ImGui::Render();
    CHECK(requests.stepper.steps.empty());
    CHECK_FALSE(requests.stepper.restart);
  }
  CHECK(window_drawn("Step through: you are the scheduler###scenario-2"));
  CHECK(ImGui::FindWindowByName("Mandelbrot###centre-view-2") == nullptr);
}
