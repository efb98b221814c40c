// The Locks panel's "possible deadlock" section: every Lock-order inversion
// the engine's acquired-before graph found (lock_order.hpp), as lockdep
// prints it: one column per thread, the acquisitions in the order that
// deadlocks.

#include <fmt/format.h>

#include "panels/panels.hpp"
#include "widgets/widgets.hpp"

namespace threadlab::ui {

namespace {

void draw_inversion(const LockOrderInversion& inversion, std::size_t index) {
  const auto& steps = inversion.steps;
  const int columns = static_cast<int>(steps.size());
  if (columns == 0) return;
  ImGui::PushTextWrapPos(0.0f);
  text(inversion.summary() + ".");
  ImGui::PopTextWrapPos();
  const std::string id = fmt::format("lock-order-{}", index);
  if (!ImGui::BeginTable(id.c_str(), columns, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit)) return;
  for (const auto& step : steps) ImGui::TableSetupColumn(step.thread_name.c_str());
  ImGui::TableHeadersRow();
  // First every thread takes the Lock it held; then each asks for the one
  // the next thread holds, and nobody can go on.
  ImGui::TableNextRow();
  for (const auto& step : steps) {
    ImGui::TableNextColumn();
    text(fmt::format("1. takes {}", step.held.name));
  }
  ImGui::TableNextRow();
  for (const auto& step : steps) {
    ImGui::TableNextColumn();
    coloured_text(colour_bad(), fmt::format("2. waits for {}", step.wanted.name));
  }
  ImGui::EndTable();
}

}  // namespace

void draw_lock_order_inversions(std::span<const LockOrderInversion> inversions) {
  if (inversions.empty()) return;
  banner(fmt::format("Possible deadlock: {} Lock order{} that close{} a cycle", inversions.size(),
                     inversions.size() == 1 ? "" : "s", inversions.size() == 1 ? "s" : ""),
         colour_bad());
  ImGui::SameLine();
  help_marker(
      "Every time a thread that holds one Lock asks for another, the engine notes the order: \"A before B\". "
      "When a thread takes them the other way round (B, then A), the two orders form a cycle: if each thread "
      "had taken its first Lock at the same moment, each would wait for the other forever.\n\n"
      "This is reported on the acquisition that closes the cycle, even when the run did not hang (the threads "
      "happened to take turns), as Linux's lockdep, Abseil's Mutex and ThreadSanitizer do. The deadlock watchdog "
      "only sees a deadlock once it has happened.\n\n"
      "The cure: one global order for every Lock (the deadlock page's fix takes them by id).");
  for (std::size_t i = 0; i < inversions.size(); ++i) draw_inversion(inversions[i], i);
}

}  // namespace threadlab::ui
