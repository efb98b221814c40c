#include "timeline_strip.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "widgets/timeline_colours.hpp"
#include "widgets/timeline_spans.hpp"

namespace threadlab::app {
namespace {

namespace lane_colours = ui::timeline_colours;

constexpr int title_height = 26;
constexpr int axis_height = 20;
constexpr int legend_height = 44;  // two rows
constexpr int label_width = 150;
constexpr float text_pixels = 16.0f;

Rgba rgba(lane_colours::Rgb c) { return {c.r, c.g, c.b, 255}; }

// The name cut to fit the label column ("responsiveness-pr..."), so that it
// never runs into the bars.
std::string fitted(std::string name, int width) {
  if (text_width(name, text_pixels) <= width) return name;
  while (!name.empty() && text_width(name + "...", text_pixels) > width) name.pop_back();
  return name + "...";
}

std::vector<const TimelineLane*> shown_lanes(const TimelineSnapshot& timeline, double window_s) {
  const std::int64_t begin = timeline.end_ns - static_cast<std::int64_t>(window_s * 1e9);
  std::vector<const TimelineLane*> lanes;
  for (const TimelineLane& lane : timeline.lanes) {
    const bool active = std::any_of(lane.segments.begin(), lane.segments.end(),
                                    [begin](const TimelineSegment& s) { return s.end_ns > begin; });
    if (!active) continue;
    if (static_cast<int>(lanes.size()) == timeline_strip_most_lanes) break;
    lanes.push_back(&lane);
  }
  return lanes;
}

}  // namespace

int timeline_strip_height(const TimelineSnapshot& timeline, double window_s) {
  const int lanes = std::max<int>(1, static_cast<int>(shown_lanes(timeline, window_s).size()));
  return title_height + axis_height + lanes * timeline_strip_lane_height + legend_height;
}

namespace {

// Where the strip's times fall in the canvas: the bars' column and the
// window of time it shows, `now` at its right edge.
struct StripScale {
  int bars_x;
  int bars_width;
  std::int64_t begin;
  std::int64_t end;
  double ns_per_pixel;

  int x_of(std::int64_t ns) const { return bars_x + static_cast<int>(std::floor(double(ns - begin) / ns_per_pixel)); }
};

// A mark every second, "now" on the right, its line through every lane.
void draw_axis(Image& canvas, const StripScale& scale, int top, std::size_t lanes, double window_s) {
  for (int s = 0; s <= static_cast<int>(window_s); ++s) {
    const int mark = scale.x_of(scale.end - static_cast<std::int64_t>(s) * 1'000'000'000);
    canvas.fill(mark, top + axis_height - 4, 1, lanes * timeline_strip_lane_height + 4, colours::panel);
    const std::string label = s == 0 ? std::string("now") : fmt::format("-{} s", s);
    const int w = text_width(label, 14.0f);
    draw_text(canvas, std::clamp(mark - w / 2, scale.bars_x, scale.bars_x + scale.bars_width - w), top, label, 14.0f,
              colours::grey);
  }
}

// The lane's states as bars, short Lock waits under them, and the stretches
// in which it held a Lock another thread waited for.
void draw_lane_states(Image& canvas, const StripScale& scale, const TimelineLane& lane, int state_top,
                      int state_bottom) {
  const ui::LaneSpans spans = ui::pixel_spans(lane.segments, scale.begin, scale.ns_per_pixel, scale.bars_width);
  for (const ui::PixelSpan& span : spans.spans)
    canvas.fill(scale.bars_x + span.x0, state_top, span.x1 - span.x0, state_bottom - state_top,
                rgba(lane_colours::of(span.state)));
  for (const ui::PixelSpan& span : spans.short_waits)
    canvas.fill(scale.bars_x + span.x0, state_bottom - 2, span.x1 - span.x0, 2, rgba(lane_colours::lock_wait));
  for (const TimelineContendedHold& hold : lane.contended_holds) {
    const int x0 = std::max(scale.x_of(hold.begin_ns), scale.bars_x);
    const int x1 = std::max(scale.x_of(hold.end_ns), x0 + 1);
    canvas.fill(x0, state_top, x1 - x0, (state_bottom - state_top) / 2, rgba(lane_colours::contended_hold));
  }
}

// The render thread's frames as ticks above its bar, coloured by the gap
// before each, with the stretches that drew no frame for too long shaded.
void draw_frame_ticks(Image& canvas, const StripScale& scale, const TimelineLane& lane, int lane_top, int state_top) {
  for (std::size_t i = 0; i < lane.frames_ns.size(); ++i) {
    if (lane.frames_ns[i] < scale.begin) continue;
    const double gap_ms = i > 0 ? double(lane.frames_ns[i] - lane.frames_ns[i - 1]) / 1e6 : 0.0;
    const int tick = scale.x_of(lane.frames_ns[i]);
    if (gap_ms > lane_colours::frozen_frame_ms && i > 0) {
      const int from = std::max(scale.x_of(lane.frames_ns[i - 1]), scale.bars_x);
      for (int px = from; px < tick; ++px)
        for (int py = lane_top; py < state_top - 1; ++py) canvas.blend(px, py, rgba(lane_colours::frame_frozen), 90);
    }
    canvas.fill(tick, lane_top, 1, state_top - lane_top - 1, rgba(lane_colours::of_frame_gap(gap_ms)));
  }
}

// Sampled CPU under the bar: on a core (green), waiting for one (lime).
void draw_cpu_slices(Image& canvas, const StripScale& scale, const TimelineLane& lane, int cpu_top, int cpu_bottom) {
  for (const TimelineCpuSlice& slice : lane.cpu) {
    const int x0 = std::max(scale.x_of(slice.begin_ns), scale.bars_x);
    const int x1 = std::min(scale.x_of(slice.end_ns), scale.bars_x + scale.bars_width);
    if (x1 <= x0) continue;
    const int full = cpu_bottom - cpu_top;
    const int running = static_cast<int>(std::lround(full * slice.running));
    const int runnable = std::min(full - running, static_cast<int>(std::lround(full * slice.runnable)));
    canvas.fill(x0, cpu_bottom - running, x1 - x0, running, rgba(lane_colours::cpu_running));
    canvas.fill(x0, cpu_bottom - running - runnable, x1 - x0, runnable, rgba(lane_colours::cpu_runnable));
  }
}

void draw_lane(Image& canvas, const StripScale& scale, int x, int lane_top, const TimelineLane& lane) {
  const int h = timeline_strip_lane_height;
  draw_text(canvas, x, lane_top + 3, fitted(lane.render ? lane.name + " (render)" : lane.name, label_width - 8),
            text_pixels, lane.render ? colours::white : colours::grey);
  const int state_top = lane_top + h * 22 / 100, state_bottom = lane_top + h * 66 / 100;
  draw_lane_states(canvas, scale, lane, state_top, state_bottom);
  if (lane.render) draw_frame_ticks(canvas, scale, lane, lane_top, state_top);
  draw_cpu_slices(canvas, scale, lane, lane_top + h * 70 / 100, lane_top + h - 1);
}

// What each colour means, wrapped to the strip's width.
void draw_legend(Image& canvas, int x, int y, int width) {
  int legend_x = x, legend_y = y;
  for (const auto& [colour, label] :
       {std::pair{lane_colours::running, "running"}, std::pair{lane_colours::job, "render thread inside the job"},
        std::pair{lane_colours::lock_wait, "blocked on a Lock"},
        std::pair{lane_colours::contended_hold, "held, another waits"},
        std::pair{lane_colours::event_wait, "Event / sleep"}, std::pair{lane_colours::input_wait, "waiting for input"},
        std::pair{lane_colours::cpu_running, "on a core"}, std::pair{lane_colours::cpu_runnable, "waiting for a core"},
        std::pair{lane_colours::frame_frozen, "no frame for > 50 ms"}}) {
    const int entry_width = 14 + text_width(label, 14.0f) + 12;
    if (legend_x + entry_width > x + width && legend_x > x) {
      legend_x = x;
      legend_y += 20;
    }
    canvas.fill(legend_x, legend_y + 4, 10, 10, rgba(colour));
    legend_x += 14;
    legend_x += draw_text(canvas, legend_x, legend_y, label, 14.0f, colours::grey) + 12;
  }
}

}  // namespace

int draw_timeline_strip(Image& canvas, int x, int y, int width, const TimelineSnapshot& timeline, double window_s) {
  const auto lanes = shown_lanes(timeline, window_s);
  draw_text(canvas, x, y + 2,
            fmt::format("timeline, last {:.1f} s (same scale on both sides): one lane per thread", window_s), 18,
            colours::white);
  const int top = y + title_height;
  StripScale scale;
  scale.bars_x = x + label_width;
  scale.bars_width = std::max(1, width - label_width);
  scale.end = timeline.end_ns;
  scale.begin = scale.end - static_cast<std::int64_t>(window_s * 1e9);
  scale.ns_per_pixel = double(scale.end - scale.begin) / double(scale.bars_width);
  draw_axis(canvas, scale, top, lanes.size(), window_s);

  int lane_top = top + axis_height;
  for (const TimelineLane* lane : lanes) {
    draw_lane(canvas, scale, x, lane_top, *lane);
    lane_top += timeline_strip_lane_height;
  }
  if (lanes.empty()) {
    draw_text(canvas, scale.bars_x, lane_top + 3, "no thread history recorded", text_pixels, colours::grey);
    lane_top += timeline_strip_lane_height;
  }
  draw_legend(canvas, x, lane_top + 4, width);
  return timeline_strip_height(timeline, window_s);
}

}  // namespace threadlab::app
