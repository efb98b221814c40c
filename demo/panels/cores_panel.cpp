// CPU cores: how busy each core is now and over the last 10 seconds, and how
// much of the machine this process uses.

#include <fmt/format.h>

#include <algorithm>
#include <thread>
#include <vector>

#include "format.hpp"
#include "panel_window.hpp"
#include "panels.hpp"
#include "widgets.hpp"

namespace threadlab::ui {

namespace {

constexpr float label_width_ems = 5.0f;
constexpr float bar_width_ems = 10.0f;

// "core 0  [=====  73.2 %]  ~~~history~~~", one row.
void load_row(const char* id, std::string_view label, double fraction, std::string_view overlay,
              const std::vector<float>& history, float history_max, double mean_percent) {
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

}  // namespace

void draw_cores_panel(const LabSnapshot& snapshot) {
  const PanelWindow window(Panel::cores);
  if (!window.visible()) return;

  const auto& cpu = snapshot.cpu;
  const std::size_t cores =
      cpu.core_load.empty() ? std::max(1u, std::thread::hardware_concurrency()) : cpu.core_load.size();

  panel_intro("One thread keeps at most one core busy; only several threads fill several cores.",
              "A CPU-bound job on the render thread shows as one busy core. With N workers up "
              "to N cores fill up. In CPython the GIL lets only one thread run Python code at a "
              "time; C++ threads have no GIL.\n\n"
              "Bars: load over the last sample, from /proc/stat. Lines: the last 10 s, 0 to 100 %.");

  if (cpu.core_load.empty()) {
    note("No CPU sample yet: the sampler thread has not read /proc yet.");
  }
  static const std::vector<float> no_history;
  for (std::size_t core = 0; core < cpu.core_load.size(); ++core) {
    const double load = cpu.core_load[core];
    const auto& history =
        core < snapshot.core_history.size() ? snapshot.core_history[core].load_percent : no_history;
    const double mean =
        core < snapshot.mean_core_load_percent.size() ? snapshot.mean_core_load_percent[core] : 0.0;
    load_row(fmt::format("core{}", core).c_str(), fmt::format("core {}", core), load,
             format_percent(100.0 * load), history, 100.0f, mean);
  }

  ImGui::Spacing();
  const double of_machine = cpu.process_percent / static_cast<double>(cores);
  load_row("process", "process", of_machine / 100.0, format_percent(of_machine), snapshot.process_history,
           100.0f * static_cast<float>(cores), snapshot.mean_process_percent);
  label_value("This process", fmt::format("{} of one core", format_percent(cpu.process_percent)),
              "Linux counts a process's CPU in cores: 200 % means two cores fully busy.");
  label_value("Of the machine",
              fmt::format("{} of {}", format_percent(of_machine), format_count(cores, "cores")),
              "This process's CPU divided by the number of cores: its share of the whole machine.");
  label_value("Session mean", fmt::format("{} of one core", format_percent(snapshot.mean_process_percent)),
              "This process's CPU averaged since the statistics were last cleared.");
  label_value("All processes", format_percent(100.0 * cpu.total_load),
              "Every process on the machine, all cores together.");
}

}  // namespace threadlab::ui
