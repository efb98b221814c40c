// Threads: Python's threading.enumerate() as a table, joined with the CPU
// each thread used (the sampler's per-TID figures from /proc).

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "format.hpp"
#include "panel_window.hpp"
#include "panels.hpp"
#include "widgets.hpp"

namespace threadlab::ui {

namespace {

constexpr int column_count = 8;

const ThreadCpu* cpu_of(const LabSnapshot& snapshot, std::int64_t native_id) {
  if (native_id == 0) return nullptr;
  const auto& threads = snapshot.cpu.threads;
  const auto found = std::find_if(threads.begin(), threads.end(),
                                  [native_id](const ThreadCpu& cpu) { return cpu.tid == native_id; });
  return found == threads.end() ? nullptr : &*found;
}

// What each thread does comes first; the identifiers, wide and rarely read,
// come last and scroll into view when the panel is narrow.
void setup_columns() {
  ImGui::TableSetupColumn("Name");
  ImGui::TableSetupColumn("State");
  // Fixed-fit columns keep the width of their first contents ("0.0 %"): room for "100.0 %" from the start.
  ImGui::TableSetupColumn("CPU", ImGuiTableColumnFlags_WidthFixed,
                          ImGui::CalcTextSize("100.0 %").x + 2.0f * ImGui::GetStyle().CellPadding.x);
  ImGui::TableSetupColumn("Core");
  ImGui::TableSetupColumn("Items done");
  ImGui::TableSetupColumn("Native ID");
  ImGui::TableSetupColumn("Ident");
  ImGui::TableSetupColumn("Daemon");
  ImGui::TableHeadersRow();
}

void draw_row(const LabSnapshot& snapshot, const ThreadInfo& thread) {
  const bool waiting = thread.state == ThreadState::waiting_for_lock;
  const ThreadCpu* cpu = thread.alive ? cpu_of(snapshot, thread.native_id) : nullptr;

  ImGui::TableNextRow();
  if (waiting) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, packed(colour_warning(), 0.18f));

  ImGui::TableNextColumn();
  text(thread.is_main ? fmt::format("{} (main)", thread.name) : thread.name);
  ImGui::TableNextColumn();
  if (waiting) {
    coloured_text(colour_warning(), thread.state_text());
  } else {
    text(thread.state_text());
  }
  ImGui::TableNextColumn();
  text(cpu ? format_percent(cpu->cpu_percent) : std::string("-"));
  ImGui::TableNextColumn();
  text(cpu && cpu->last_core >= 0 ? fmt::format("{}", cpu->last_core) : std::string("-"));
  ImGui::TableNextColumn();
  text(group_thousands(thread.items_done));
  ImGui::TableNextColumn();
  text(thread.native_id ? fmt::format("{}", thread.native_id) : std::string("-"));
  ImGui::TableNextColumn();
  text(thread.ident ? format_hex(thread.ident) : std::string("-"));
  ImGui::TableNextColumn();
  text(thread.daemon ? "yes" : "no");
}

// One table, so that the columns line up: the live threads, then the ones
// that finished lately, greyed.
void draw_table(const LabSnapshot& snapshot) {
  const std::size_t rows = snapshot.threads.size() + snapshot.finished_threads.size();
  if (!begin_figure_table("threads", column_count, rows, 12)) return;
  setup_columns();
  for (const ThreadInfo& thread : snapshot.threads) draw_row(snapshot, thread);
  ImGui::PushStyleColor(ImGuiCol_Text, colour_muted());
  for (const ThreadInfo& thread : snapshot.finished_threads) draw_row(snapshot, thread);
  ImGui::PopStyleColor();
  ImGui::EndTable();
}

}  // namespace

void draw_threads_panel(const LabSnapshot& snapshot) {
  const PanelWindow window(Panel::threads);
  if (!window.visible()) return;

  panel_intro("threading.enumerate(): every live thread of this process, and what each is doing now.",
              "Name, ident (threading.get_ident(), here pthread_self) and native ID "
              "(threading.get_native_id(), the kernel TID) as Python reports them.\n\n"
              "State: running, waiting for lock NAME (amber rows: blocked in Lock.acquire()), or "
              "finished.\n\n"
              "CPU: share of one core over the last sample, from /proc/self/task/TID/stat. "
              "Core: where the kernel last ran it. Items done: work items this thread finished.");

  label_value("active_count()", format_count(snapshot.active_count, "threads"),
              "Alive threads, the main thread included, as threading.active_count() counts them.");
  label_value("current_thread()",
              snapshot.current_thread.name.empty() ? std::string("-") : snapshot.current_thread.name,
              "The thread drawing this window: the render (main) thread. It must never do the "
              "heavy work, or the window stops responding.");
  label_value("finished lately", format_count(snapshot.finished_threads.size(), "threads"),
              "Threads that have ended: enumerate() no longer lists them. They stay in the table, "
              "greyed at the bottom, so a worker's last figures remain readable.");
  ImGui::Spacing();

  if (snapshot.threads.empty() && snapshot.finished_threads.empty()) {
    note("No threads reported yet.");
  } else {
    draw_table(snapshot);
  }
}

}  // namespace threadlab::ui
