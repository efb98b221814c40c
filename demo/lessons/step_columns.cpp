// The Step-through page's threads, side by side: each a column of its
// statements, the next one highlighted, with its Step button on top.

#include <fmt/format.h>

#include "step_page.hpp"
#include "widgets/widgets.hpp"

namespace threadlab::ui {

namespace {

std::string thread_state(const stepping::StepperSnapshot& snapshot, const stepping::SteppedThreadView& thread) {
  if (thread.finished) return "finished";
  if (thread.blocked_on >= 0)
    return fmt::format("blocked on Lock {}", snapshot.program.lock_names[static_cast<std::size_t>(thread.blocked_on)]);
  return "paused by you";
}

void draw_column_head(const stepping::StepperSnapshot& snapshot, int index, stepping::StepRequest& requests) {
  const stepping::SteppedThreadView& thread = snapshot.threads[static_cast<std::size_t>(index)];
  const bool can_step = !thread.finished && thread.blocked_on < 0;
  // A blocked thread's button stays live: pressing it says why it cannot go.
  if (ImGui::Button(fmt::format("Step {} ({})", thread.name, index + 1).c_str())) requests.steps.push_back(index);
  const ImVec4 colour = thread.finished ? colour_muted() : can_step ? colour_good() : colour_bad();
  coloured_text(colour, thread_state(snapshot, thread));
  if (index == 0) {
    ImGui::SameLine();
    help_marker(
        "Each column is a real engine Thread. It waits at a gate before each statement (\"paused by you\", blue "
        "on the Timeline) and runs the next one when you press its Step button or its number key.\n\n"
        "A thread blocked on a Lock is waiting inside Lock.acquire() (red on the Timeline): stepping it is "
        "refused until the holder releases the Lock.");
  }
  // Only the race's threads have a tmp of their own.
  if (snapshot.options.lesson == stepping::StepLesson::race)
    text(fmt::format("tmp = {}", snapshot.shared.tmp[static_cast<std::size_t>(index)]));
}

void draw_statements(const stepping::StepperSnapshot& snapshot, int index) {
  const stepping::SteppedThreadView& thread = snapshot.threads[static_cast<std::size_t>(index)];
  const auto& statements = snapshot.program.threads[static_cast<std::size_t>(index)];
  for (int line = 0; line < static_cast<int>(statements.size()); ++line) {
    const std::string& code = statements[static_cast<std::size_t>(line)].text;
    if (line < thread.next) {
      coloured_text(colour_muted(), fmt::format("   {}", code));
    } else if (line == thread.next) {
      const ImVec4 colour = thread.blocked_on >= 0 ? colour_bad() : colour_warning();
      const ImVec2 at = ImGui::GetCursorScreenPos();
      const ImVec2 size(ImGui::GetColumnWidth(), ImGui::GetTextLineHeightWithSpacing());
      ImGui::GetWindowDrawList()->AddRectFilled(at, ImVec2(at.x + size.x, at.y + size.y), packed(colour, 0.25f));
      coloured_text(colour, fmt::format("> {}", code));
    } else {
      text(fmt::format("   {}", code));
    }
  }
}

}  // namespace

void draw_step_columns(const stepping::StepperSnapshot& snapshot, stepping::StepRequest& requests) {
  const int columns = static_cast<int>(snapshot.threads.size());
  if (columns == 0 || !ImGui::BeginTable("step-columns", columns, ImGuiTableFlags_BordersInnerV)) return;
  for (const auto& thread : snapshot.threads) ImGui::TableSetupColumn(thread.name.c_str());
  ImGui::TableNextRow();
  for (int i = 0; i < columns; ++i) {
    ImGui::TableNextColumn();
    ImGui::PushID(i);
    draw_column_head(snapshot, i, requests);
    ImGui::PopID();
  }
  ImGui::TableNextRow();
  for (int i = 0; i < columns; ++i) {
    ImGui::TableNextColumn();
    draw_statements(snapshot, i);
  }
  ImGui::EndTable();
}

}  // namespace threadlab::ui
