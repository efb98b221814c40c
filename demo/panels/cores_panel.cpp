// CPU cores: how busy each core is now and over the last 10 seconds, and how
// much of the machine this process uses.

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "widgets/format.hpp"
#include "layout/panel_window.hpp"
#include "panels.hpp"
#include "widgets/widgets.hpp"

namespace threadlab::ui {

namespace {

constexpr float label_width_ems = 5.0f;
constexpr float bar_width_ems = 10.0f;

// "core 0  [=====  73.2 %]  ~~~history~~~", one row.
void load_row(const char* id, std::string_view label, double fraction, std::string_view overlay,
              std::span<const float> history, float history_max, double mean_percent) {
  ImGui::PushID(id);
  ImGui::AlignTextToFramePadding();
  text(label);
  ImGui::SameLine(ImGui::GetFontSize() * label_width_ems);
  const std::string overlay_text(overlay);
  ImGui::ProgressBar(static_cast<float>(std::clamp(fraction, 0.0, 1.0)),
                     ImVec2(ImGui::GetFontSize() * bar_width_ems, 0.0f), overlay_text.c_str());
  ImGui::SameLine();
  ImGui::PlotLines("##history", history.data(), static_cast<int>(history.size()), 0, nullptr, 0.0f,
                   history_max, ImVec2(remaining_width(), ImGui::GetFrameHeight()));
  if (ImGui::IsItemHovered()) {
    const std::string tip =
        fmt::format("Last 10 s, 0 to {:.0f} % high.\nMean since the statistics were cleared: {}", history_max,
                    format_percent(mean_percent));
    ImGui::SetTooltip("%s", tip.c_str());
  }
  ImGui::PopID();
}

std::string split_text(double now_percent, double mean_percent) {
  return fmt::format("{} (mean {})", format_percent(now_percent), format_percent(mean_percent));
}

// This process's load in three parts, so that the window's own cost (render
// thread and GL driver) shows beside the workers'.
void draw_split(const CoresFigures& figures) {
  const ProcessCpuSplit& now = figures.split;
  const ProcessCpuSplit& mean = figures.mean_split;
  label_value("threading", split_text(now.workers_percent, mean.workers_percent),
              "The Threads this program started through threading: the job's workers, and the Lab's "
              "helpers (cpu-monitor, probe, background-writer), in % of one core. Mean: since the "
              "statistics were last cleared.\n\nThe three add up to this process's CPU.");
  label_value("render", split_text(now.render_percent, mean.render_percent),
              "The render thread: the main thread, which runs the event loop and draws every frame (in single-thread "
              "mode it also runs the whole job).");
  label_value("other", split_text(now.other_percent, mean.other_percent),
              "Other threads of this process: those threading did not start (see the Threads panel), mostly "
              "the OpenGL driver's: with software OpenGL (Mesa llvmpipe) its llvmpipe-N threads "
              "draw the window's pixels on the CPU, and take cores the workers would otherwise get.\n\n"
              "To keep that small, the window draws again only what changed since the last frame: "
              "the plots, the heartbeat, the Timeline and the Mandelbrot picture every frame, panels "
              "of figures such as this one at most ten times a second (THREADLAB_REDRAW=all draws "
              "every pixel of every frame).");
}

}  // namespace

void draw_cores_panel(const CoresFigures& figures) {
  const PanelWindow window(Panel::cores);
  if (!window.visible()) return;

  const std::size_t cores =
      figures.core_load.empty() ? static_cast<std::size_t>(figures.core_count) : figures.core_load.size();

  panel_intro("One thread keeps at most one core busy; only several threads fill several cores.",
              "A CPU-bound job on the render thread shows as one busy core. With N workers up "
              "to N cores fill up. In CPython the GIL lets only one thread run Python code at a "
              "time; C++ threads have no GIL.\n\n"
              "Bars: load over the last sample, from /proc/stat. Lines: the last 10 s, 0 to 100 %.");

  if (figures.core_load.empty()) {
    note("No CPU sample yet: the sampler thread has not read /proc yet.");
  }
  static const std::vector<float> no_history;
  for (std::size_t core = 0; core < figures.core_load.size(); ++core) {
    const double load = figures.core_load[core];
    const auto& history =
        core < figures.core_history.size() ? figures.core_history[core].load_percent : no_history;
    const double mean =
        core < figures.mean_core_load_percent.size() ? figures.mean_core_load_percent[core] : 0.0;
    load_row(fmt::format("core{}", core).c_str(), fmt::format("core {}", core), load,
             format_percent(100.0 * load), history, 100.0f, mean);
  }

  ImGui::Spacing();
  const double of_machine = figures.process_percent / static_cast<double>(cores);
  load_row("process", "process", of_machine / 100.0, format_percent(of_machine), figures.process_history,
           100.0f * static_cast<float>(cores), figures.mean_process_percent);
  label_value("This process",
              fmt::format("{} of a core", format_percent(figures.process_percent)),
              "Linux counts a process's CPU in cores: 200 % means two cores fully busy. The bar above "
              "divides it by the number of cores: this process's share of the whole machine. Mean: "
              "since the statistics were last cleared. Below, where it goes.");
  draw_split(figures);
  label_value("All processes", format_percent(100.0 * figures.total_load),
              "Every process on the machine, all cores together.");
}

}  // namespace threadlab::ui
