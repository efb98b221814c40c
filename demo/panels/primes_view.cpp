// The primes job's picture, in the centre of the main page: one cell per
// segment of the sieve, in order, filling in as segments finish, coloured by
// the thread that sieved each, with a legend. It shows what the Mandelbrot
// tiles show: a shared queue of items, taken by whichever thread is free.

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "widgets/format.hpp"
#include "panels.hpp"
#include "widgets/widgets.hpp"

namespace threadlab::ui {

namespace {

// Distinct hues that read on the dark theme; a ninth thread reuses the first.
constexpr std::array<ImU32, 8> thread_colours = {
    IM_COL32(86, 156, 214, 255),  IM_COL32(230, 145, 56, 255), IM_COL32(106, 190, 98, 255),
    IM_COL32(200, 90, 180, 255),  IM_COL32(220, 200, 70, 255), IM_COL32(70, 200, 200, 255),
    IM_COL32(235, 100, 100, 255), IM_COL32(160, 140, 230, 255)};

std::string thread_name(const ThreadNames& names, std::int64_t tid) {
  const auto named = [&](std::span<const ThreadInfo> threads) -> const ThreadInfo* {
    const auto found = std::find_if(threads.begin(), threads.end(),
                                    [tid](const ThreadInfo& info) { return info.native_id == tid; });
    return found == threads.end() ? nullptr : &*found;
  };
  const ThreadInfo* info = named(names.threads);
  if (info == nullptr) info = named(names.finished);
  if (info == nullptr) return fmt::format("TID {}", tid);
  if (tid == names.render_tid || info->is_main) return fmt::format("{} (render thread)", info->name);
  return info->name;
}

}  // namespace

std::vector<PrimesLegendEntry> primes_legend(const PrimesGridFigures& primes) {
  return thread_legend(primes.names, primes.sievers);
}

std::vector<PrimesLegendEntry> thread_legend(const ThreadNames& names, std::span<const std::int64_t> doers) {
  std::vector<PrimesLegendEntry> legend;
  for (const std::int64_t tid : doers) {
    if (tid == 0) continue;
    auto found = std::find_if(legend.begin(), legend.end(), [tid](const PrimesLegendEntry& e) { return e.tid == tid; });
    if (found == legend.end()) {
      legend.push_back({thread_name(names, tid), tid, 0, 0});
      found = legend.end() - 1;
    }
    ++found->segments;
  }
  // By name, so that primes-1 keeps its colour however the segments fall.
  std::sort(legend.begin(), legend.end(),
            [](const PrimesLegendEntry& a, const PrimesLegendEntry& b) { return a.name < b.name; });
  for (std::size_t i = 0; i < legend.size(); ++i) legend[i].colour = thread_colours[i % thread_colours.size()];
  return legend;
}

PrimesGridShape primes_grid_shape(std::size_t segments, ImVec2 room) {
  if (segments == 0 || room.x < 1.0f || room.y < 1.0f) return {};
  // The column count that makes the largest square cells fit the room.
  PrimesGridShape best;
  const int most_columns = static_cast<int>(segments);
  for (int columns = 1; columns <= most_columns; ++columns) {
    const int rows = static_cast<int>((segments + static_cast<std::size_t>(columns) - 1) / static_cast<std::size_t>(columns));
    const float cell = std::floor(std::min(room.x / static_cast<float>(columns), room.y / static_cast<float>(rows)));
    if (cell > best.cell) best = {columns, rows, cell};
  }
  return best;
}

void draw_primes_view(const PrimesGridFigures& primes) {
  panel_intro("Counting primes: each cell is one segment of the sieve, coloured by the thread that sieved it.",
              "The numbers below the limit are cut into segments, in order from the top left. Each "
              "segment is one work item: a worker takes the next one from a queue under the Lock "
              "primes.segment-queue, sieves it with no lock held, then adds its count under "
              "primes.count. Cells fill in as segments finish, in whatever order the threads finish "
              "them; outlined cells are being sieved now, dark ones still wait in the queue.\n\n"
              "In single-thread mode the render thread sieves every segment itself, and the window "
              "freezes until the whole job is done.");

  const std::span<const std::int64_t> sievers = primes.sievers;
  const std::vector<PrimesLegendEntry> legend = primes_legend(primes);
  const float text_lines = 3.0f + static_cast<float>(std::max<std::size_t>(legend.size(), 1));
  const ImVec2 room = ImGui::GetContentRegionAvail();
  const ImVec2 grid_room(room.x, room.y - text_lines * ImGui::GetFrameHeightWithSpacing());
  if (sievers.empty()) {
    note("No segments yet: press Start in Controls.");
    return;
  }
  const PrimesGridShape shape = primes_grid_shape(sievers.size(), grid_room);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImU32 queued = ImGui::GetColorU32(ImGuiCol_FrameBg);
  const ImU32 working = ImGui::GetColorU32(ImGuiCol_Text);
  const float gap = shape.cell >= 6.0f ? 1.0f : 0.0f;
  for (std::size_t i = 0; i < sievers.size() && shape.columns > 0; ++i) {
    const float x = origin.x + static_cast<float>(static_cast<int>(i) % shape.columns) * shape.cell;
    const float y = origin.y + static_cast<float>(static_cast<int>(i) / shape.columns) * shape.cell;
    const ImVec2 min(x, y), max(x + shape.cell - gap, y + shape.cell - gap);
    if (sievers[i] != 0) {
      const auto entry = std::find_if(legend.begin(), legend.end(),
                                      [&](const PrimesLegendEntry& e) { return e.tid == sievers[i]; });
      draw->AddRectFilled(min, max, entry != legend.end() ? entry->colour : working);
    } else {
      draw->AddRectFilled(min, max, queued);
      if (i < primes.taken) draw->AddRect(min, max, working);
    }
  }
  ImGui::Dummy(ImVec2(static_cast<float>(shape.columns) * shape.cell, static_cast<float>(shape.rows) * shape.cell));

  const std::uint64_t done = primes.job.items_done;
  labelled_bar(primes.job.fraction(), format_progress(done, primes.job.items_total, "segments") +
                                           (primes.next_job_due ? ": done; the next starts now" : ""));
  label_value("Primes found", primes.found ? format_count(*primes.found, "primes") : "-",
              "So far, in the current job: the shared count, read under the Lock primes.count.");
  if (legend.empty()) {
    note("No segment finished yet.");
    return;
  }
  draw_thread_legend(legend, done, "segments");
}

void draw_thread_legend(const std::vector<PrimesLegendEntry>& legend, std::uint64_t done, const char* unit) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  for (const PrimesLegendEntry& entry : legend) {
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float swatch = ImGui::GetTextLineHeight();
    draw->AddRectFilled(ImVec2(at.x, at.y + 1.0f), ImVec2(at.x + swatch - 2.0f, at.y + swatch - 1.0f), entry.colour);
    ImGui::Dummy(ImVec2(swatch, swatch));
    ImGui::SameLine();
    const double share = done ? 100.0 * static_cast<double>(entry.segments) / static_cast<double>(done) : 0.0;
    text(fmt::format("{}: {} ({} of those done)", entry.name, format_count(entry.segments, unit),
                     format_percent(share)));
  }
}

}  // namespace threadlab::ui
