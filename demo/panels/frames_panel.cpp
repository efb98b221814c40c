// Frames and responsiveness: how long the render thread takes per frame, and
// how long a "are you alive?" ping waits for it, as a desktop measures a
// window before it calls it "not responding".

#include <fmt/format.h>

#include <imgui_internal.h>

#include <algorithm>
#include <optional>
#include <span>
#include <vector>

#include "widgets/format.hpp"
#include "layout/panel_window.hpp"
#include "panels.hpp"
#include "widgets/widgets.hpp"

namespace threadlab::ui {

namespace {

// Beyond this a ping counts as unanswered: the window is "not responding".
constexpr double not_responding_after_ms = freeze_after_ms;
// A freeze that ended this recently is what the meter reports: the frame
// after a freeze is the first that can say it happened.
constexpr double freeze_just_ended_ms = 1000.0;

struct Guide {
  float ms;
  const char* label;
  ImVec4 colour;
  bool label_on_left;  // alternate sides so that close lines keep readable labels
};

// Milliseconds at the top of a graph: room for the 100 ms guide, and for a
// spike up to a second; longer spikes run off the top (the figures below say how long).
float graph_top_ms(std::span<const float> values) {
  const float highest = values.empty() ? 0.0f : *std::max_element(values.begin(), values.end());
  return std::clamp(highest * 1.1f, 120.0f, 1000.0f);
}

// Where a guide's label goes: above its line (below it along the top), on
// its side, else the other side; none when both would cover a label placed
// already (lines close together on a tall scale).
std::optional<ImVec2> guide_label_place(const Guide& guide, float y, ImVec2 inner_min, ImVec2 inner_max,
                                        const std::vector<ImRect>& placed) {
  const ImVec2 size = ImGui::CalcTextSize(guide.label);
  const float label_y = y - size.y >= inner_min.y ? y - size.y : y;
  const float left = inner_min.x + 2.0f, right = inner_max.x - size.x - 2.0f;
  for (const float x : {guide.label_on_left ? left : right, guide.label_on_left ? right : left}) {
    const ImRect rect(ImVec2(x - 2.0f, label_y - 1.0f), ImVec2(x + size.x + 2.0f, label_y + size.y + 1.0f));
    const bool free = std::none_of(placed.begin(), placed.end(), [&](const ImRect& other) { return other.Overlaps(rect); });
    if (free) return ImVec2(x, label_y);
  }
  return std::nullopt;
}

// A latency graph, 0 ms at the bottom, with labelled lines at 60, 30 and 10 frames per second.
void latency_graph(const char* id, std::span<const float> values_ms, std::string_view overlay,
                   float height) {
  const float top_ms = graph_top_ms(values_ms);
  const std::string overlay_text(overlay);
  ImGui::PlotLines(id, values_ms.data(), static_cast<int>(values_ms.size()), 0, overlay_text.c_str(), 0.0f,
                   top_ms, ImVec2(remaining_width(), height));

  const ImVec2 padding = ImGui::GetStyle().FramePadding;
  const ImVec2 item_min = ImGui::GetItemRectMin(), item_max = ImGui::GetItemRectMax();
  const ImVec2 inner_min(item_min.x + padding.x, item_min.y + padding.y);
  const ImVec2 inner_max(item_max.x - padding.x, item_max.y - padding.y);
  const Guide guides[] = {
      {16.7f, "16.7 ms = 60 fps", colour_good(), false},
      {33.3f, "33.3 ms = 30 fps", colour_warning(), true},
      {100.0f, "100 ms: feels stuck", colour_bad(), false},
  };
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->PushClipRect(inner_min, inner_max, true);
  std::vector<ImRect> placed;  // labels drawn so far: a label never covers another
  for (const Guide& guide : guides) {
    const float y = inner_max.y - (inner_max.y - inner_min.y) * guide.ms / top_ms;
    draw->AddLine(ImVec2(inner_min.x, y), ImVec2(inner_max.x, y), packed(guide.colour, 0.55f));
    if (const auto at = guide_label_place(guide, y, inner_min, inner_max, placed)) {
      // On a backing of the plot's colour, so that the plotted line does not run through the words.
      const ImVec2 size = ImGui::CalcTextSize(guide.label);
      draw->AddRectFilled(ImVec2(at->x - 1.0f, at->y), ImVec2(at->x + size.x + 1.0f, at->y + size.y),
                          ImGui::GetColorU32(ImGuiCol_FrameBg, 0.9f));
      draw->AddText(*at, packed(guide.colour, 0.9f), guide.label);
      placed.emplace_back(*at, ImVec2(at->x + size.x, at->y + size.y));
    }
  }
  draw->PopClipRect();
}

// The four summaries of the table, in column order.
struct Summaries {
  const LatencySummary* columns[4];
};

// One row of figures; "-" where there are no samples yet (a zero would read as "instant").
void latency_row(const char* label, const Summaries& summaries, double LatencySummary::*figure) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  text(label);
  for (const LatencySummary* summary : summaries.columns) {
    ImGui::TableNextColumn();
    if (summary->count == 0) {
      text("-");
      continue;
    }
    const double ms = summary->*figure;
    coloured_text(latency_colour(ms), format_ms(ms));
  }
}

void draw_summary_table(const FramesFigures& figures) {
  constexpr ImGuiTableFlags flags =
      ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable("latency summary", 5, flags)) return;
  ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch, 0.8f);
  ImGui::TableSetupColumn("Frames, 10 s");
  ImGui::TableSetupColumn("Frames, session");
  ImGui::TableSetupColumn("Pings, 10 s");
  ImGui::TableSetupColumn("Pings, session");
  ImGui::TableHeadersRow();

  const Summaries summaries{
      {&figures.frames_window, &figures.frames, &figures.probe_window, &figures.probe}};
  latency_row("p50", summaries, &LatencySummary::p50_ms);
  latency_row("p99", summaries, &LatencySummary::p99_ms);
  latency_row("max", summaries, &LatencySummary::max_ms);

  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  text("over 50 ms");
  const char* const units[] = {"frames", "frames", "pings", "pings"};
  for (int column = 0; column < 4; ++column) {
    ImGui::TableNextColumn();
    const std::size_t count = summaries.columns[column]->over_threshold;
    const std::string value = format_count(count, units[column]);
    if (count > 0) {
      coloured_text(colour_warning(), value);
    } else {
      text(value);
    }
  }
  ImGui::EndTable();
}

}  // namespace

std::string responding_text(const FramesFigures& figures) {
  const auto& freeze = figures.last_freeze;
  const double since_ms =
      freeze ? std::chrono::duration<double, std::milli>(figures.taken_at - freeze->ended).count() : 0.0;
  if (freeze && since_ms < freeze_just_ended_ms)
    return fmt::format("Not responding for {}: a freeze that just ended", format_ms(freeze->ms));
  if (figures.not_responding_ms > not_responding_after_ms)
    return fmt::format("Not responding for {}", format_ms(figures.not_responding_ms));
  if (freeze)
    return fmt::format("Responding (last freeze {}, {} ago)", format_ms(freeze->ms), format_seconds(since_ms / 1000.0));
  return "Responding";
}

namespace {

void draw_responding(const FramesFigures& figures) {
  const std::string line = responding_text(figures);
  coloured_text(line.starts_with("Not") ? colour_bad() : colour_good(), line);
  ImGui::SameLine();
  help_marker(
      "A probe thread pings the render loop every 10 ms, the way a desktop pings a window "
      "before it greys it out as \"not responding\". A ping waits until the loop next "
      "handles events; here a wait over 100 ms counts as not responding.\n\n"
      "A frozen window cannot draw this meter: it says nothing until the freeze ends, and the "
      "first frame after it reports the freeze that just ended and its length (the same figure "
      "as Longest freeze when that was the longest). Meanwhile the desktop, whose pings go "
      "unanswered too, may grey the window out or offer to close it.\n\n"
      "In single-thread mode every frame you see comes right after a job's freeze.");
}

}  // namespace

void draw_frames_panel(const FramesFigures& figures) {
  const PanelWindow window(Panel::frames);
  if (!window.visible()) return;

  panel_intro(
      "The render thread must finish a frame every 16.7 ms; if it does the work itself, "
      "frames stall and the window stops responding.",
      "Frame time: from one frame's start to the next, on the render thread. Under 16.7 ms "
      "looks smooth (60 frames per second); over 100 ms a user notices the window is stuck.\n\n"
      "p50: half the frames were faster. p99: all but 1 in 100 were faster. Graphs show the "
      "last 10 s, newest on the right.");

  draw_responding(figures);
  // The graphs take what the table and text below leave, within sensible bounds.
  const float font = ImGui::GetFontSize();
  const float room = ImGui::GetContentRegionAvail().y;
  latency_graph("##frame times", figures.frame_times_ms, "frame time, last 10 s",
                std::clamp(room * 0.35f, font * 4.0f, font * 9.0f));
  latency_graph("##ping latencies", figures.probe_latencies_ms, "ping latency, last 10 s",
                std::clamp(room * 0.22f, font * 3.0f, font * 6.0f));
  draw_summary_table(figures);
  label_value("Longest freeze",
              figures.longest_freeze_ms > 0 ? format_ms(figures.longest_freeze_ms) : std::string("-"),
              latency_colour(figures.longest_freeze_ms),
              "The longest the window stood still this session: the longest frame, or, in single-thread "
              "mode, the longest job the render thread ran (from its frame's start to the job's end).");
}

}  // namespace threadlab::ui
