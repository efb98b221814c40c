// Step through: you are the scheduler. The race or the deadlock as columns
// of statements on real Threads, stepped one at a time; the shared state,
// the outcome in words, and for a deadlock the wait-for graph and the
// lock-order report (step_columns.cpp, step_history.cpp, wait_for_graph.cpp).

#include <fmt/format.h>

#include "lessons/scenario_page.hpp"
#include "lessons/step_page.hpp"
#include "layout/panel_window.hpp"
#include "panels.hpp"
#include "widgets/widgets.hpp"

namespace threadlab::ui {

namespace {

using stepping::StepLesson;

const char* lesson_intro(StepLesson lesson) {
  return lesson == StepLesson::race
             ? "Each thread runs counter = counter + 1, which is three steps: tmp = counter, tmp = tmp + 1, "
               "counter = tmp. You decide which thread runs its next step. Let both load before either stores, "
               "and one update is lost."
             : "T1 takes Lock A, then B; T2 takes B, then A. Step each thread to its first Lock, and each waits "
               "for the other's forever: a deadlock.";
}

const char* lesson_fix(StepLesson lesson) {
  return lesson == StepLesson::race
             ? "The fix: lock.acquire() before the three steps and lock.release() after (Python's `with lock:`). "
               "A thread that reaches acquire() while another holds the Lock blocks there, so no schedule loses "
               "an update."
             : "The fix: one global order. Both threads take A first, then B: whoever gets A first finishes, and "
               "no schedule deadlocks.";
}

void draw_options(const stepping::StepperSnapshot& snapshot, stepping::StepRequest& requests) {
  stepping::StepOptions options = snapshot.options;
  bool changed = false;
  int lesson = options.lesson == StepLesson::race ? 0 : 1;
  if (const auto clicked = segmented_choice("lesson", {"Race", "Deadlock"}, lesson)) {
    options.lesson = *clicked == 0 ? StepLesson::race : StepLesson::deadlock;
    options.threads = 2;
    changed = true;
  }
  ImGui::SameLine();
  changed |= ImGui::Checkbox("Apply the fix", &options.fix);
  ImGui::SameLine();
  help_marker(lesson_fix(options.lesson));
  if (options.lesson == StepLesson::race) {
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7.0f);
    changed |= ImGui::SliderInt("Threads", &options.threads, 2, stepping::max_step_threads, "%d threads",
                                ImGuiSliderFlags_AlwaysClamp);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7.0f);
    changed |= ImGui::SliderInt("Increments", &options.repeats, 1, stepping::max_step_repeats, "%d each",
                                ImGuiSliderFlags_AlwaysClamp);
    ImGui::SameLine();
    help_marker("How many threads (2 to 4) and how many times each adds one to the counter (1 to 3). "
                "Changing either starts the lesson again.");
  }
  if (changed && options != snapshot.options) requests.restart = options;
}

void draw_actions(const stepping::StepperSnapshot& snapshot, stepping::StepRequest& requests) {
  if (ImGui::Button("Reset")) requests.reset = true;
  ImGui::SameLine();
  ImGui::BeginDisabled(snapshot.steps.empty());
  if (ImGui::Button("Undo")) requests.undo = true;
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button("Find a losing schedule")) requests.find_losing = true;
  if (!snapshot.playing.empty()) {
    ImGui::SameLine();
    if (ImGui::Button("Stop playing")) requests.stop_playing = true;
  }
  ImGui::SameLine();
  help_marker(
      "Reset: new threads, every one at its first statement.\n"
      "Undo: threads cannot run backwards, so the lesson starts again and replays every step but the last.\n"
      "Find a losing schedule: searches the interleavings for one that loses an update (or deadlocks), then "
      "plays it here, one step every 0.6 s, on the real threads. With the fix it finds none. The search stops "
      "after 5,000 states, so that the window never waits long for it.");
}

void draw_shared_state(const stepping::StepperSnapshot& snapshot) {
  const auto& shared = snapshot.shared;
  label_value("counter", fmt::format("{} (expected {} when all have run)", shared.counter, snapshot.outcome.expected),
              "The shared variable every thread adds one to. Each thread's own tmp is under its column.");
  for (std::size_t i = 0; i < shared.holders.size(); ++i) {
    std::string waiting;
    for (const auto& thread : snapshot.threads)
      if (thread.blocked_on == static_cast<int>(i)) waiting += (waiting.empty() ? "" : ", ") + thread.name;
    const std::string holder = shared.holders[i] >= 0 ? "held by " + snapshot.program.thread_name(shared.holders[i]) : "free";
    label_value(fmt::format("Lock {}", snapshot.program.lock_names[i]),
                waiting.empty() ? holder : fmt::format("{}; {} waiting", holder, waiting),
                "An engine Lock (fair: waiters get it in the order they blocked, so your schedule decides). The "
                "Locks panel shows the same Lock, and the Threads panel the thread waiting for it.");
  }
}

void draw_outcome(const stepping::StepperSnapshot& snapshot) {
  const stepping::StepOutcome& outcome = snapshot.outcome;
  const bool bad = outcome.deadlock || outcome.lost_updates > 0;
  const ImVec4 colour = bad ? colour_bad() : outcome.finished ? colour_good() : colour_muted();
  banner(outcome.words, colour);
  if (!snapshot.steps.empty() && snapshot.steps.back().refused)
    coloured_text(colour_warning(), "Refused: " + snapshot.steps.back().why);
  if (!snapshot.message.empty()) note(snapshot.message);
}

}  // namespace

stepping::StepRequest draw_stepper_panel(const stepping::StepperSnapshot& snapshot) {
  stepping::StepRequest requests;
  const PanelWindow window(Panel::scenario, 0, "Step through: you are the scheduler###scenario-2");
  if (!window.visible()) return requests;
  panel_intro(lesson_intro(snapshot.options.lesson), lesson_fix(snapshot.options.lesson));
  draw_options(snapshot, requests);
  draw_actions(snapshot, requests);
  draw_outcome(snapshot);
  ImGui::Separator();
  draw_shared_state(snapshot);
  draw_step_columns(snapshot, requests);
  if (snapshot.outcome.cycle) draw_wait_for_graph(*snapshot.outcome.cycle);
  draw_lock_order_inversions(snapshot.lock_order_inversions);
  draw_step_history(snapshot);
  return requests;
}

}  // namespace threadlab::ui
