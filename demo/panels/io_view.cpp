// The io job's picture, in the centre of the main page: one cell per file,
// in order, filling from the bottom as its bytes arrive, coloured by the
// thread that fetched it once whole, with the server's figures and a legend.
// It shows the other half of the tutorial's claim: threads that wait for
// input, many at once, on however few cores.

#include <fmt/format.h>

#include <algorithm>

#include "widgets/format.hpp"
#include "panels.hpp"
#include "widgets/widgets.hpp"

namespace threadlab::ui {

namespace {

std::size_t threads_waiting_for_input(std::span<const ThreadInfo> threads) {
  return static_cast<std::size_t>(std::count_if(threads.begin(), threads.end(), [](const ThreadInfo& t) {
    return t.state == ThreadState::waiting_for_input;
  }));
}

void draw_file_cells(const IoFilesFigures& files, const PrimesGridShape& shape,
                     const std::vector<PrimesLegendEntry>& legend) {
  const std::span<const std::uint64_t> received = files.received;
  const auto file_bytes = static_cast<float>(std::max<std::uint64_t>(files.settings.file_bytes, 1));
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImU32 queued = ImGui::GetColorU32(ImGuiCol_FrameBg);
  const ImU32 arriving = ImGui::GetColorU32(ImGuiCol_PlotHistogram);
  const ImU32 outline = ImGui::GetColorU32(ImGuiCol_Text);
  const float gap = shape.cell >= 6.0f ? 2.0f : 0.0f;
  for (std::size_t i = 0; i < received.size() && shape.columns > 0; ++i) {
    const float x = origin.x + static_cast<float>(static_cast<int>(i) % shape.columns) * shape.cell;
    const float y = origin.y + static_cast<float>(static_cast<int>(i) / shape.columns) * shape.cell;
    const ImVec2 min(x, y), max(x + shape.cell - gap, y + shape.cell - gap);
    const std::int64_t fetcher = i < files.fetchers.size() ? files.fetchers[i] : 0;
    draw->AddRectFilled(min, max, queued);
    if (fetcher != 0) {
      const auto entry =
          std::find_if(legend.begin(), legend.end(), [&](const PrimesLegendEntry& e) { return e.tid == fetcher; });
      draw->AddRectFilled(min, max, entry != legend.end() ? entry->colour : outline);
    } else if (i < files.taken) {
      const float fraction = std::min(static_cast<float>(received[i]) / file_bytes, 1.0f);
      draw->AddRectFilled(ImVec2(min.x, max.y - (max.y - min.y) * fraction), max, arriving);
      draw->AddRect(min, max, outline);
    }
  }
  ImGui::Dummy(ImVec2(static_cast<float>(shape.columns) * shape.cell, static_cast<float>(shape.rows) * shape.cell));
}

}  // namespace

void draw_io_view(const IoFilesFigures& files) {
  panel_intro("Fetching files from a server on 127.0.0.1: each cell is one file, filling as its bytes arrive.",
              "Each file is one work item. A worker takes the next file's number, connects to the job's "
              "own server (the io-server thread, standing in for a remote machine) and blocks in recv() "
              "until the bytes come: the server answers after its latency and sends at a set bandwidth. "
              "While it waits, the thread needs no core (Threads: \"waiting for input: socket\"; "
              "Timeline: the input colour), so other threads run: that is why threads help with I/O even "
              "on one core and under Python's GIL.\n\n"
              "Outlined cells are arriving now, dark ones wait in the queue, coloured ones arrived whole "
              "(every byte checked). In single-thread mode the render thread waits in each read itself, "
              "and the window freezes until every file is in.");
  const IoSettings& io = files.settings;
  const std::vector<PrimesLegendEntry> legend = thread_legend(files.names, files.fetchers);
  const float text_lines = 4.0f + static_cast<float>(std::max<std::size_t>(legend.size(), 1));
  const ImVec2 room = ImGui::GetContentRegionAvail();
  const ImVec2 grid_room(room.x, room.y - text_lines * ImGui::GetFrameHeightWithSpacing());
  if (!files.error.empty()) coloured_text(colour_warning(), files.error);
  if (files.received.empty()) {
    note("No files yet: press Start in Controls.");
    return;
  }
  draw_file_cells(files, primes_grid_shape(files.received.size(), grid_room), legend);

  const std::uint64_t done = files.job.items_done;
  labelled_bar(files.job.fraction(), format_progress(done, files.job.items_total, "files"));
  label_value("Server",
              fmt::format("127.0.0.1:{}, {} ms latency, {} KiB/s per connection, {} KiB a file", files.port,
                          io.server.latency.count(), io.server.bytes_per_second / 1024, io.file_bytes / 1024),
              "The job's loopback server: it answers each request after the latency, then sends at this "
              "bandwidth per connection, to any number of connections at once (up to 64).");
  label_value("Waiting for input", format_count(threads_waiting_for_input(files.names.threads), "threads"),
              "Threads blocked in a read right now (state \"waiting for input\"): none of them uses a core.");
  if (legend.empty()) {
    note("No file complete yet.");
    return;
  }
  draw_thread_legend(legend, done, "files");
}

}  // namespace threadlab::ui
