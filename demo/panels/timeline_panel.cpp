// Timeline: what every thread did over the last seconds, one lane per
// thread. The difference between the two modes is a difference in time: the
// render thread either begins a frame every 16.7 ms beside busy worker
// lanes, or sits inside one long job bar while no frame begins.

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "widgets/elide.hpp"
#include "widgets/format.hpp"
#include "layout/panel_window.hpp"
#include "panels.hpp"
#include "widgets/timeline_colours.hpp"
#include "widgets/timeline_legend.hpp"
#include "widgets/timeline_spans.hpp"
#include "widgets/widgets.hpp"

namespace threadlab::ui {

namespace {

namespace colours = timeline_colours;

constexpr float shortest_window_s = 2.0f, longest_window_s = 10.0f;
constexpr float wheel_zoom_per_notch = 0.8f;

// The panel's own view state. The UI runs on one thread, and this is
// presentation only (how much to show, frozen or live), not engine state.
struct TimelineView {
  float window_s = 6.0f;
  bool paused = false;
  TimelineSnapshot frozen;  // what the panel shows while paused
};
TimelineView view_state;

ImU32 u32(colours::Rgb c, float alpha = 1.0f) {
  return IM_COL32(c.r, c.g, c.b, static_cast<int>(std::clamp(alpha, 0.0f, 1.0f) * 255.0f));
}

struct LaneGeometry {
  float top = 0, height = 0;
  float state_top() const { return top + height * 0.22f; }
  float state_bottom() const { return top + height * 0.66f; }
  float cpu_top() const { return top + height * 0.70f; }
  float cpu_bottom() const { return top + height - 1.0f; }
  float middle() const { return (state_top() + state_bottom()) * 0.5f; }
};

struct Canvas {
  ImVec2 min, max;
  float label_width = 0;
  std::int64_t begin_ns = 0, end_ns = 0;
  double ns_per_pixel = 1;
  float x0() const { return min.x + label_width; }
  float width() const { return max.x - x0(); }
  float x_of(std::int64_t ns) const { return x0() + float(double(ns - begin_ns) / ns_per_pixel); }
  std::int64_t ns_at(float x) const { return begin_ns + static_cast<std::int64_t>(double(x - x0()) * ns_per_pixel); }
};

std::string seconds_ago(const Canvas& canvas, std::int64_t at) {
  return fmt::format("{:.2f} s ago", double(canvas.end_ns - at) / 1e9);
}

// Labels left of `labels_from` are left out (the frame guide is there).
void draw_axis(ImDrawList* draw, const Canvas& canvas, float y, float labels_from) {
  const double window_s = double(canvas.end_ns - canvas.begin_ns) / 1e9;
  const double step = window_s <= 3.0 ? 0.5 : 1.0;
  const ImU32 muted = packed(colour_muted());
  for (double s = 0.0; s <= window_s + 1e-9; s += step) {
    const float x = canvas.x_of(canvas.end_ns - static_cast<std::int64_t>(s * 1e9));
    draw->AddLine(ImVec2(x, y + ImGui::GetTextLineHeight()), ImVec2(x, canvas.max.y), packed(colour_muted(), 0.18f));
    const std::string label = s == 0.0 ? std::string("now") : fmt::format("-{:g} s", s);
    const float w = ImGui::CalcTextSize(label.c_str()).x;
    const float left = std::clamp(x - w * 0.5f, canvas.x0(), canvas.max.x - w);
    if (left < labels_from) continue;
    draw->AddText(ImVec2(left, y), muted, label.c_str());
  }
}

// A frame-length guide beside the lane labels: how wide 16.7 ms and 50 ms are at this zoom.
// Returns where it ends.
float draw_frame_guide(ImDrawList* draw, const Canvas& canvas, float y) {
  const float px_per_ms = float(1e6 / canvas.ns_per_pixel);
  float x = canvas.min.x;
  for (const auto& [ms, colour, label] : {std::tuple{colours::smooth_frame_ms, colours::frame_tick, "16.7 ms"},
                                          std::tuple{colours::frozen_frame_ms, colours::frame_frozen, "50 ms"}}) {
    const float w = std::max(1.0f, float(ms) * px_per_ms);
    draw->AddRectFilled(ImVec2(x, y + 4.0f), ImVec2(x + w, y + ImGui::GetTextLineHeight() - 4.0f), u32(colour));
    x += w + 3.0f;
    draw->AddText(ImVec2(x, y), packed(colour_muted()), label);
    x += ImGui::CalcTextSize(label).x + 8.0f;
  }
  return x;
}

// The render lane's frames: a tick where each began, coloured by the time
// since the one before; a red band over a freeze.
void draw_frames(ImDrawList* draw, const Canvas& canvas, const TimelineLane& lane, const LaneGeometry& g) {
  float last_x = -1e9f;
  int last_severity = -1;
  for (std::size_t i = 0; i < lane.frames_ns.size(); ++i) {
    const std::int64_t at = lane.frames_ns[i];
    const double gap_ms = i > 0 ? double(at - lane.frames_ns[i - 1]) / 1e6 : 0.0;
    const colours::Rgb colour = colours::of_frame_gap(gap_ms);
    const int severity = gap_ms > colours::frozen_frame_ms ? 2 : gap_ms > colours::smooth_frame_ms + 0.5 ? 1 : 0;
    const float x = std::floor(canvas.x_of(at));
    if (severity == 2) {
      const float from = canvas.x_of(lane.frames_ns[i - 1]);
      draw->AddRectFilled(ImVec2(from, g.top), ImVec2(x, g.state_top() - 1.0f), u32(colours::frame_frozen, 0.35f));
    }
    if (x == last_x && severity <= last_severity) continue;  // one tick per pixel column
    draw->AddRectFilled(ImVec2(x, g.top), ImVec2(x + 1.0f, g.state_top() - 1.0f), u32(colour));
    last_x = x;
    last_severity = severity;
  }
}

void draw_items(ImDrawList* draw, const Canvas& canvas, const TimelineLane& lane, const LaneGeometry& g) {
  float last_x = -1e9f;
  for (const std::int64_t at : lane.items_ns) {
    const float x = std::floor(canvas.x_of(at));
    if (x - last_x < 2.0f) continue;  // denser than every other pixel: the bar says "busy" by itself
    draw->AddRectFilled(ImVec2(x, g.state_bottom() - 3.0f), ImVec2(x + 1.0f, g.state_bottom()),
                        u32(colours::item_tick, 0.7f));
    last_x = x;
  }
}

void draw_cpu(ImDrawList* draw, const Canvas& canvas, const TimelineLane& lane, const LaneGeometry& g) {
  const float h = g.cpu_bottom() - g.cpu_top();
  for (const TimelineCpuSlice& slice : lane.cpu) {
    const float x0 = std::max(canvas.x_of(slice.begin_ns), canvas.x0());
    const float x1 = std::min(canvas.x_of(slice.end_ns), canvas.max.x);
    if (x1 <= x0) continue;
    const float running_top = g.cpu_bottom() - h * slice.running;
    if (slice.running > 0.0f)
      draw->AddRectFilled(ImVec2(x0, running_top), ImVec2(x1, g.cpu_bottom()), u32(colours::cpu_running));
    if (slice.runnable > 0.0f)
      draw->AddRectFilled(ImVec2(x0, std::max(g.cpu_top(), running_top - h * slice.runnable)),
                          ImVec2(x1, running_top), u32(colours::cpu_runnable));
  }
}

const TimelineSegment* segment_at(const TimelineLane& lane, std::int64_t at) {
  const auto after = std::upper_bound(lane.segments.begin(), lane.segments.end(), at,
                                      [](std::int64_t t, const TimelineSegment& s) { return t < s.begin_ns; });
  if (after == lane.segments.begin()) return nullptr;
  const TimelineSegment& segment = *std::prev(after);
  return at <= segment.end_ns ? &segment : nullptr;
}

int lane_of(const TimelineSnapshot& timeline, const std::string& name) {
  for (std::size_t i = 0; i < timeline.lanes.size(); ++i)
    if (timeline.lanes[i].name == name) return static_cast<int>(i);
  return -1;
}

void hover_tooltip(const Canvas& canvas, const TimelineLane& lane, std::int64_t at, float hover_y,
                   const LaneGeometry& g) {
  ImGui::BeginTooltip();
  text(lane.render ? lane.name + " (render thread)" : lane.name);
  if (hover_y >= g.cpu_top()) {
    for (const TimelineCpuSlice& slice : lane.cpu) {
      if (at < slice.begin_ns || at > slice.end_ns) continue;
      text(fmt::format("{:.0f} % on a core, {:.0f} % waiting for a core, over {} ({})", slice.running * 100.0,
                       slice.runnable * 100.0, format_ms(double(slice.end_ns - slice.begin_ns) / 1e6),
                       seconds_ago(canvas, slice.end_ns)));
      break;
    }
  } else if (const TimelineSegment* segment = segment_at(lane, at)) {
    text(fmt::format("{} for {}", to_string(segment->state), format_ms(segment->duration_ms())));
    text(fmt::format("from {} to {}", seconds_ago(canvas, segment->begin_ns), seconds_ago(canvas, segment->end_ns)));
    if (segment->state == TimelineState::lock_wait) {
      text("Lock: " + segment->lock_name);
      text("held by: " + (segment->holder_name.empty() ? std::string("(free by then)") : segment->holder_name) +
           " when the wait began");
      if (!segment->released_by_name.empty()) text("let go by: " + segment->released_by_name);
      if (!segment->acquired) text("gave up (timeout or stop request) without the Lock");
    }
    for (const TimelineContendedHold& hold : lane.contended_holds) {
      if (at < hold.begin_ns || at > hold.end_ns) continue;
      text(fmt::format("holds {} while {} waits for it", hold.lock_name, hold.waiter_name));
      break;
    }
  }
  ImGui::EndTooltip();
}

// The lane's name at the font's size, elided to the label column (the full
// name shows on hover), centred in the lane.
void draw_lane_label(ImDrawList* draw, const Canvas& canvas, const TimelineLane& lane, const LaneGeometry& g,
                     float font_size) {
  const ImU32 colour = lane.alive ? ImGui::GetColorU32(ImGuiCol_Text) : packed(colour_muted());
  const std::string label = elide_to_width(lane.name, canvas.label_width - 8.0f);
  draw->AddText(ImGui::GetFont(), font_size, ImVec2(canvas.min.x, std::round(g.top + (g.height - font_size) * 0.5f)),
                colour, label.c_str());
}

// The lane's states as bars, with Lock waits shorter than their pixel's
// main state as a red rule under the bar.
void draw_state_bars(ImDrawList* draw, const Canvas& canvas, const TimelineLane& lane, const LaneGeometry& g) {
  const LaneSpans spans = pixel_spans(lane.segments, canvas.begin_ns, canvas.ns_per_pixel, int(canvas.width()));
  for (const PixelSpan& span : spans.spans) {
    draw->AddRectFilled(ImVec2(canvas.x0() + float(span.x0), g.state_top()),
                        ImVec2(canvas.x0() + float(span.x1), g.state_bottom()), u32(colours::of(span.state)));
  }
  for (const PixelSpan& span : spans.short_waits) {
    draw->AddRectFilled(ImVec2(canvas.x0() + float(span.x0), g.state_bottom() - 2.0f),
                        ImVec2(canvas.x0() + float(span.x1), g.state_bottom()), u32(colours::lock_wait));
  }
}

// Tracy's yellow over the upper half of the bar: this thread held a Lock
// someone waited for. Holds in time order; those that touch within a pixel
// are one rectangle.
void draw_contended_holds(ImDrawList* draw, const Canvas& canvas, const TimelineLane& lane, const LaneGeometry& g) {
  float hold_x0 = 0.0f, hold_x1 = -1.0f;
  const auto flush_hold = [&] {
    if (hold_x1 > hold_x0)
      draw->AddRectFilled(ImVec2(hold_x0, g.state_top()), ImVec2(hold_x1, g.middle()), u32(colours::contended_hold));
  };
  for (const TimelineContendedHold& hold : lane.contended_holds) {
    const float x0 = std::max(std::floor(canvas.x_of(hold.begin_ns)), canvas.x0());
    const float x1 = std::max(std::ceil(canvas.x_of(hold.end_ns)), x0 + 1.0f);
    if (x1 < canvas.x0()) continue;
    if (x0 <= hold_x1 + 1.0f) {
      hold_x1 = std::max(hold_x1, x1);
      continue;
    }
    flush_hold();
    hold_x0 = x0;
    hold_x1 = x1;
  }
  flush_hold();
}

// One lane's row, when it is scrolled into view: label, bars, holds, ticks
// and CPU, nothing reaching into the label.
void draw_lane_row(ImDrawList* draw, const Canvas& canvas, const TimelineLane& lane, const LaneGeometry& g,
                   float label_font_size) {
  if (!ImGui::IsRectVisible(ImVec2(canvas.min.x, g.top), ImVec2(canvas.max.x, g.top + g.height))) return;
  draw_lane_label(draw, canvas, lane, g, label_font_size);
  draw->PushClipRect(ImVec2(canvas.x0(), g.top), ImVec2(canvas.max.x, g.top + g.height), true);
  draw_state_bars(draw, canvas, lane, g);
  draw_contended_holds(draw, canvas, lane, g);
  if (lane.render) draw_frames(draw, canvas, lane, g);
  else draw_items(draw, canvas, lane, g);
  draw_cpu(draw, canvas, lane, g);
  draw->PopClipRect();
}

// From each visible blocked stretch, a line down (or up) to the lane of the
// thread that let the Lock go (else the one that held it when the wait
// began), at the moment the wait ended; the hovered one stands out.
template <class GeometryOf>
void draw_release_lines(ImDrawList* draw, const TimelineSnapshot& timeline, const Canvas& canvas,
                        GeometryOf geometry, int hovered_lane, ImVec2 mouse) {
  const std::size_t lanes_shown = timeline.lanes.size();
  for (std::size_t i = 0; i < lanes_shown; ++i) {
    for (const TimelineSegment& segment : timeline.lanes[i].segments) {
      const std::string& other = segment.released_by_name.empty() ? segment.holder_name : segment.released_by_name;
      if (segment.state != TimelineState::lock_wait || other.empty()) continue;
      const float x0 = canvas.x_of(segment.begin_ns), x1 = canvas.x_of(segment.end_ns);
      const bool is_hovered = static_cast<int>(i) == hovered_lane && mouse.x >= x0 - 1.0f && mouse.x <= x1 + 1.0f;
      if ((x1 - x0 < 3.0f && !is_hovered) || x1 < canvas.x0()) continue;
      const int holder = lane_of(timeline, other);
      if (holder < 0 || holder >= static_cast<int>(lanes_shown)) continue;
      const LaneGeometry from = geometry(i), to = geometry(static_cast<std::size_t>(holder));
      const ImU32 colour = u32(colours::lock_wait, is_hovered ? 1.0f : 0.6f);
      draw->AddLine(ImVec2(x1, from.middle()), ImVec2(x1, to.middle()), colour, is_hovered ? 2.0f : 1.0f);
      draw->AddCircleFilled(ImVec2(x1, to.middle()), is_hovered ? 3.5f : 2.0f, colour, 8);
    }
  }
}

void draw_lane_rows(const TimelineSnapshot& timeline, const Canvas& canvas, float lane_height, float label_font_size,
                    bool hovered) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->PushClipRect(canvas.min, canvas.max, true);
  const auto geometry = [&](std::size_t lane) {
    return LaneGeometry{canvas.min.y + lane_height * float(lane), lane_height};
  };
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  int hovered_lane = -1;
  for (std::size_t i = 0; i < timeline.lanes.size(); ++i) {
    const LaneGeometry g = geometry(i);
    if (hovered && mouse.y >= g.top && mouse.y < g.top + g.height) hovered_lane = static_cast<int>(i);
    draw_lane_row(draw, canvas, timeline.lanes[i], g, label_font_size);
  }
  draw->PushClipRect(ImVec2(canvas.x0(), canvas.min.y), canvas.max, true);
  draw_release_lines(draw, timeline, canvas, geometry, hovered_lane, mouse);
  draw->PopClipRect();
  draw->PopClipRect();

  if (hovered_lane < 0) return;
  const TimelineLane& lane = timeline.lanes[static_cast<std::size_t>(hovered_lane)];
  if (mouse.x < canvas.x0()) {
    ImGui::SetTooltip("%s", lane.render ? (lane.name + " (render thread)").c_str() : lane.name.c_str());
  } else {
    hover_tooltip(canvas, lane, canvas.ns_at(mouse.x), mouse.y, geometry(static_cast<std::size_t>(hovered_lane)));
  }
}

void draw_lanes(const TimelineSnapshot& timeline, ImVec2 size) {
  // The time axis stays put above the lanes; the lanes scroll (the
  // scrollbar: the wheel zooms) when there are more than the panel holds.
  ImDrawList* panel_draw = ImGui::GetWindowDrawList();
  const ImVec2 axis_origin = ImGui::GetCursorScreenPos();
  const float axis_height = ImGui::GetTextLineHeightWithSpacing();
  ImGui::Dummy(ImVec2(1.0f, ImGui::GetTextLineHeight()));  // with the item spacing: axis_height
  const ImVec2 view_size(std::max(size.x, 1.0f), std::max(size.y - axis_height, ImGui::GetTextLineHeight()));
  // Lanes never shrink below 1.25 font heights, so labels keep the font's
  // size and room between them: more threads than room scroll instead.
  const float lane_height = timeline_lane_height(view_size.y, timeline.lanes.size(), ImGui::GetFontSize());
  const float label_font_size = ImGui::GetFontSize();
  ImGui::BeginChild("##timeline-lanes-view", view_size, false, ImGuiWindowFlags_NoScrollWithMouse);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float content_width = std::max(ImGui::GetContentRegionAvail().x, 1.0f);
  const float content_height = std::max(lane_height * float(timeline.lanes.size()), 1.0f);
  ImGui::InvisibleButton("##timeline-lanes", ImVec2(content_width, content_height));
  const bool hovered = ImGui::IsItemHovered();
  if (hovered && ImGui::GetIO().MouseWheel != 0.0f) {
    view_state.window_s = std::clamp(view_state.window_s * std::pow(wheel_zoom_per_notch, ImGui::GetIO().MouseWheel),
                                     shortest_window_s, longest_window_s);
  }

  Canvas canvas;
  canvas.min = origin;
  canvas.max = ImVec2(origin.x + content_width, origin.y + content_height);
  float longest_label = 0.0f;
  for (const auto& lane : timeline.lanes) longest_label = std::max(longest_label, ImGui::CalcTextSize(lane.name.c_str()).x);
  canvas.label_width = std::round(std::min(longest_label + 8.0f, content_width * 0.3f));
  canvas.end_ns = timeline.end_ns;
  canvas.begin_ns = timeline.end_ns - static_cast<std::int64_t>(double(view_state.window_s) * 1e9);
  canvas.ns_per_pixel = double(canvas.end_ns - canvas.begin_ns) / double(std::max(canvas.width(), 1.0f));
  if (canvas.width() >= 8.0f) {
    Canvas axis = canvas;
    axis.min.y = axis_origin.y;
    axis.max.y = axis_origin.y + size.y;
    panel_draw->PushClipRect(axis.min, axis.max, true);
    const float guide_end = draw_frame_guide(panel_draw, axis, axis_origin.y);
    draw_axis(panel_draw, axis, axis_origin.y, guide_end);
    panel_draw->PopClipRect();
    draw_lane_rows(timeline, canvas, lane_height, label_font_size, hovered);
  }
  ImGui::EndChild();
}

}  // namespace

float timeline_lane_height(float room, std::size_t lanes, float font_size) {
  const float smallest = std::ceil(font_size * 1.25f);
  if (lanes == 0) return smallest;
  return std::floor(std::clamp(room / float(lanes), smallest, font_size * 2.0f));
}

void draw_timeline_panel(const TimelineSnapshot& live) {
  const PanelWindow window(Panel::timeline);
  if (!window.visible()) return;
  panel_intro("What every thread did, when: one lane per thread; hover for details.", timeline_help_text);

  TimelineView& view = view_state;
  const bool was_paused = view.paused;
  ImGui::Checkbox("Pause", &view.paused);
  // Copied once, as the pause begins: a copy every frame would cost more
  // than drawing (every Lock wait carries its Lock's and holder's names).
  if (view.paused && !was_paused) view.frozen = live;
  if (!view.paused) view.frozen = {};
  const TimelineSnapshot& timeline = view.paused ? view.frozen : live;

  ImGui::SameLine();
  ImGui::SetNextItemWidth(std::min(ImGui::GetFontSize() * 9.0f, remaining_width()));
  ImGui::SliderFloat("##window", &view.window_s, shortest_window_s, longest_window_s, "last %.1f s");
  ImGui::SameLine();
  timeline_legend({{colours::running, "run"},
          {colours::lock_wait, "Lock wait"},
          {colours::contended_hold, "held, contended"},
          {colours::event_wait, "wait/sleep"},
          {colours::input_wait, "waiting for input"},
          {colours::paused, "paused by you"},
          {colours::job, "job"},
          {colours::cpu_running, "on CPU"},
          {colours::cpu_runnable, "wants CPU"}});

  if (timeline.lanes.empty()) {
    note("No thread has a history yet.");
    return;
  }
  if (!timeline.recording) note("Recording is off: nothing new is recorded.");
  const ImVec2 room = ImGui::GetContentRegionAvail();
  draw_lanes(timeline, ImVec2(room.x, std::max(room.y, ImGui::GetTextLineHeight() * 3.0f)));
}

}  // namespace threadlab::ui
