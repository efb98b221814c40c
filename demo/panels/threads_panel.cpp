// Threads: Python's threading.enumerate() as a table, joined with the CPU
// each thread used (the sampler's per-TID figures from /proc), then the
// process's other threads, which threading did not start (the GL driver's).

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "widgets/format.hpp"
#include "layout/panel_window.hpp"
#include "panels.hpp"
#include "widgets/widgets.hpp"

namespace threadlab::ui {

namespace {

constexpr int column_count = 9;

const ThreadCpu* cpu_of(const ThreadsFigures& figures, std::int64_t native_id) {
  if (native_id == 0) return nullptr;
  const auto& threads = figures.cpu;
  const auto found = std::find_if(threads.begin(), threads.end(),
                                  [native_id](const ThreadCpu& cpu) { return cpu.tid == native_id; });
  return found == threads.end() ? nullptr : &*found;
}

// What each thread does comes first; the identifiers, wide and rarely read,
// come last and scroll into view when the panel is narrow.
void setup_columns() {
  ImGui::TableSetupColumn("Name");
  // Wide enough from the first frame for the other threads' rows, which come
  // with the first CPU sample (fixed-fit columns keep their first width).
  ImGui::TableSetupColumn("State", ImGuiTableColumnFlags_WidthFixed,
                          ImGui::CalcTextSize("not a threading.Thread: GL driver").x +
                              2.0f * ImGui::GetStyle().CellPadding.x);
  // Fixed-fit columns keep the width of their first contents ("0.0 %"): room for "100.0 %" from the start.
  ImGui::TableSetupColumn("CPU", ImGuiTableColumnFlags_WidthFixed,
                          ImGui::CalcTextSize("100.0 %").x + 2.0f * ImGui::GetStyle().CellPadding.x);
  ImGui::TableSetupColumn("Queued", ImGuiTableColumnFlags_WidthFixed,
                          std::max(ImGui::CalcTextSize("100.0 %").x, ImGui::CalcTextSize("Queued").x) +
                              2.0f * ImGui::GetStyle().CellPadding.x);
  ImGui::TableSetupColumn("Core");
  ImGui::TableSetupColumn("Items done");
  ImGui::TableSetupColumn("Native ID");
  ImGui::TableSetupColumn("Ident");
  ImGui::TableSetupColumn("Daemon");
  ImGui::TableHeadersRow();
}

void draw_row(const ThreadsFigures& figures, const ThreadInfo& thread) {
  const bool waiting = thread.state == ThreadState::waiting_for_lock;
  const ThreadCpu* cpu = thread.alive ? cpu_of(figures, thread.native_id) : nullptr;

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
  text(cpu && cpu->nanosecond_resolution ? format_percent(cpu->run_queue_percent) : std::string("-"));
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

bool known_to_threading(const ThreadsFigures& figures, std::int64_t tid) {
  return std::any_of(figures.threads.begin(), figures.threads.end(),
                     [tid](const ThreadInfo& thread) { return thread.native_id == tid; });
}

// The process's threads that threading never started: listed from
// /proc/self/task, so that the CPU they use is not invisible.
std::vector<const ThreadCpu*> foreign_threads(const ThreadsFigures& figures) {
  std::vector<const ThreadCpu*> foreign;
  for (const ThreadCpu& cpu : figures.cpu)
    if (!known_to_threading(figures, cpu.tid)) foreign.push_back(&cpu);
  return foreign;
}

void draw_foreign_row(const ThreadCpu& cpu) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  coloured_text(colour_muted(), cpu.comm);
  ImGui::TableNextColumn();
  const std::string role = foreign_thread_role(cpu.comm);
  text(role.empty() ? std::string("not a threading.Thread") : fmt::format("not a threading.Thread: {}", role));
  ImGui::TableNextColumn();
  text(format_percent(cpu.cpu_percent));
  ImGui::TableNextColumn();
  text(cpu.nanosecond_resolution ? format_percent(cpu.run_queue_percent) : std::string("-"));
  ImGui::TableNextColumn();
  text(cpu.last_core >= 0 ? fmt::format("{}", cpu.last_core) : std::string("-"));
  ImGui::TableNextColumn();
  text("-");  // items: only threading's Threads report work items
  ImGui::TableNextColumn();
  text(fmt::format("{}", cpu.tid));
  ImGui::TableNextColumn();
  text("-");
  ImGui::TableNextColumn();
  text("-");
}

// One table, so that the columns line up: the live threads, the process's
// other threads, then the ones that finished lately, greyed.
void draw_table(const ThreadsFigures& figures) {
  const std::vector<const ThreadCpu*> foreign = foreign_threads(figures);
  const std::size_t rows = figures.threads.size() + foreign.size() + figures.finished.size();
  if (!begin_figure_table("threads", column_count, rows, 12)) return;
  setup_columns();
  for (const ThreadInfo& thread : figures.threads) draw_row(figures, thread);
  for (const ThreadCpu* cpu : foreign) draw_foreign_row(*cpu);
  ImGui::PushStyleColor(ImGuiCol_Text, colour_muted());
  for (const ThreadInfo& thread : figures.finished) draw_row(figures, thread);
  ImGui::PopStyleColor();
  ImGui::EndTable();
}

}  // namespace

void draw_threads_panel(const ThreadsFigures& figures) {
  const PanelWindow window(Panel::threads);
  if (!window.visible()) return;

  panel_intro("threading.enumerate(): every live thread of this process, and what each is doing now; "
              "then the process's threads that threading did not start.",
              "Name (the tutorial's getName(); Python 3: .name), ident (threading.get_ident(), here "
              "pthread_self) and native ID (threading.get_native_id(), the kernel TID) as Python "
              "reports them.\n\n"
              "State: running, waiting for lock NAME (amber rows: blocked in Lock.acquire()), "
              "waiting for input: socket (blocked in recv(), the io workload: no core needed), or "
              "finished. \"not a threading.Thread\": a thread of this process that threading never "
              "started, listed from /proc/self/task; under software OpenGL the driver's llvmpipe-N "
              "threads draw the window's pixels, and their CPU is part of what the window costs.\n\n"
              "CPU: share of one core over the last sample, to the nanosecond (the thread's CPU clock, "
              "/proc/self/task/TID/schedstat). Queued: share of the sample the thread was "
              "ready to run but waited on a run queue because every core was taken (schedstat's run-queue time). Core: where the "
              "kernel last ran it. Items done: work items this thread finished. Daemon: the tutorial's "
              "isDaemon() (Python 3: .daemon); a daemon thread does not keep the program alive.");

  label_value("active_count()", format_count(figures.active_count, "threads"),
              "Alive threads, the main thread included, as threading.active_count() counts them "
              "(the tutorial's activeCount()). Threads that threading did not start are not counted.");
  label_value("current_thread()",
              figures.current_thread.empty() ? std::string("-") : std::string(figures.current_thread),
              "The thread drawing this window (the tutorial's currentThread()): the render (main) "
              "thread. It must never do the heavy work, or the window stops responding.");
  label_value("finished lately", format_count(figures.finished.size(), "threads"),
              "Threads that have ended, whose is_alive() (the tutorial's isAlive()) is now False: "
              "enumerate() no longer lists them. They stay in the table, "
              "greyed at the bottom, so a worker's last figures remain readable.");
  ImGui::Spacing();

  if (figures.threads.empty() && figures.finished.empty()) {
    note("No threads reported yet.");
  } else {
    draw_table(figures);
  }
}

}  // namespace threadlab::ui
