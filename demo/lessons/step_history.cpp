// The Step-through page's history: every step so far, refused ones too,
// with the shared values it changed.

#include <fmt/format.h>

#include "step_page.hpp"
#include "widgets/widgets.hpp"

namespace threadlab::ui {

namespace {

std::string holders_text(const stepping::StepProgram& program, const std::vector<int>& holders) {
  std::string out;
  for (std::size_t i = 0; i < holders.size(); ++i)
    out += fmt::format("{}{}: {}", out.empty() ? "" : ", ", program.lock_names[i],
                       holders[i] >= 0 ? program.thread_name(holders[i]) : std::string("free"));
  return out;
}

void draw_step_row(const stepping::StepperSnapshot& snapshot, std::size_t index) {
  const stepping::StepRecord& step = snapshot.steps[index];
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  text(fmt::format("{}", index + 1));
  ImGui::TableNextColumn();
  text(snapshot.program.thread_name(step.thread));
  ImGui::TableNextColumn();
  if (step.refused) {
    coloured_text(colour_warning(), "refused: " + step.why);
  } else {
    text(step.text);
  }
  ImGui::TableNextColumn();
  text(fmt::format("{} -> {}", step.before.counter, step.after.counter));
  ImGui::TableNextColumn();
  const auto thread = static_cast<std::size_t>(step.thread);
  if (thread < step.after.tmp.size()) text(fmt::format("{} -> {}", step.before.tmp[thread], step.after.tmp[thread]));
  ImGui::TableNextColumn();
  text(holders_text(snapshot.program, step.after.holders));
  ImGui::TableNextColumn();
  if (!step.note.empty()) coloured_text(colour_bad(), step.note);
}

}  // namespace

void draw_step_history(const stepping::StepperSnapshot& snapshot) {
  const std::string title = fmt::format("Steps so far: {}###step-history", snapshot.steps.size());
  if (!ImGui::CollapsingHeader(title.c_str(), ImGuiTreeNodeFlags_DefaultOpen)) return;
  ImGui::SameLine();
  help_marker("Every step, oldest first: the thread, the statement it ran (or why it was refused), the counter "
              "and its own tmp before -> after, who held each Lock after it, and what it did to the others.");
  if (snapshot.steps.empty()) {
    note("No step yet: press a thread's Step button, or 1-4.");
    return;
  }
  if (!begin_figure_table("step-history", 7, snapshot.steps.size(), 12)) return;
  for (const char* name : {"#", "thread", "statement", "counter", "its tmp", "Locks after", "what it did"})
    ImGui::TableSetupColumn(name);
  ImGui::TableHeadersRow();
  for (std::size_t i = 0; i < snapshot.steps.size(); ++i) draw_step_row(snapshot, i);
  ImGui::EndTable();
}

}  // namespace threadlab::ui
