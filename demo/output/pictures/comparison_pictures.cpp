#include "comparison_pictures.hpp"

#include "output/atomic_file.hpp"
#include "timeline_strip.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

#include "panels/panels.hpp"
#include "threadlab/measurement/clock.hpp"


namespace threadlab::app {

FilmstripRecorder::FilmstripRecorder(Clock::time_point start, Clock::duration length, Clock::duration step)
    : start_(start), length_(length), step_(step) {}

void FilmstripRecorder::fill_slots_until(Clock::time_point until) {
  if (!on_screen_index_) return;
  const auto midpoint_at = start_ + length_ / 2;
  if (!midpoint_taken_ && on_screen_since_ <= midpoint_at && midpoint_at < until) {
    midpoint_ = on_screen_;
    midpoint_taken_ = true;
  }
  // Every step that passed while this frame was on screen shows it. Steps
  // fall in the middle of each interval, so none lands on the run's very
  // start, before any frame could be drawn.
  for (auto slot_at = start_ + step_ / 2 + step_ * static_cast<long>(slots_.size());
       slot_at < until && slot_at < start_ + length_; slot_at += step_) {
    Slot slot;
    slot.at_s = std::chrono::duration<double>(slot_at - start_).count();
    if (slot_at < on_screen_since_) {  // before the first frame: nothing on screen yet
      slots_.push_back(std::move(slot));
      continue;
    }
    slot.frame_index = *on_screen_index_;
    slot.frame_age_ms = to_ms(slot_at - on_screen_since_);
    slot.repeated = !slots_.empty() && slots_.back().frame && slots_.back().frame_index == slot.frame_index;
    slot.frame = on_screen_;
    slots_.push_back(std::move(slot));
  }
}

bool FilmstripRecorder::wants_picture(Clock::time_point drawn_at, Clock::duration horizon) const {
  if (!on_screen_ || last_frame_interval_ >= step_) return true;
  const auto first_step = start_ + step_ / 2;
  const auto next_step =
      drawn_at < first_step ? first_step : first_step + ((drawn_at - first_step) / step_ + 1) * step_;
  const auto midpoint_at = start_ + length_ / 2;
  return next_step - drawn_at <= horizon || (drawn_at <= midpoint_at && midpoint_at - drawn_at <= horizon);
}

void FilmstripRecorder::frame_shown(std::uint64_t frame_index, Clock::time_point shown_at,
                                    std::shared_ptr<const CapturedFrame> frame) {
  fill_slots_until(shown_at);
  if (on_screen_index_) last_frame_interval_ = shown_at - on_screen_since_;
  on_screen_index_ = frame_index;
  on_screen_since_ = shown_at;
  if (frame) on_screen_ = std::move(frame);
}

void FilmstripRecorder::finish(Clock::time_point end) {
  fill_slots_until(std::max(end, start_ + length_));
  if (!midpoint_taken_) midpoint_ = on_screen_;
}

std::vector<FilmstripFrame> develop_filmstrip(const std::vector<FilmstripRecorder::Slot>& slots, int width) {
  std::vector<FilmstripFrame> frames;
  const CapturedFrame* developed_from = nullptr;  // a repeated frame is developed once
  Image developed;
  for (const auto& slot : slots) {
    FilmstripFrame frame{slot.at_s, slot.frame_index, slot.frame_age_ms, slot.repeated, Image()};
    if (slot.frame && !slot.frame->empty()) {
      if (slot.frame.get() != developed_from) {
        const Image window = slot.frame->to_image();
        const ui::PanelRect cell =
            ui::default_panel_rect(ui::Panel::mandelbrot, ImVec2(float(window.width()), float(window.height())));
        const Image view = window.cropped(int(cell.pos.x), int(cell.pos.y), int(cell.size.x), int(cell.size.y));
        developed = view.scaled(width, std::max(1, view.height() * width / std::max(view.width(), 1)));
        developed_from = slot.frame.get();
      }
      frame.picture = developed;
    }
    frames.push_back(std::move(frame));
  }
  return frames;
}

namespace {

std::string mode_label(const ModeFigures& figures) {
  return figures.mode == Mode::single_thread
             ? std::string("Single-thread: the render thread does the work")
             : fmt::format("Multi-thread: {} worker threads", figures.workers);
}

Rgba mode_colour(Mode mode) { return mode == Mode::single_thread ? colours::red : colours::green; }

constexpr int label_bar_height = 40;
constexpr int graph_height = 180;
constexpr int figures_height = 150;
constexpr int margin = 10;

void draw_column(Image& canvas, int x, int column_width, const ModeRun& run, float graph_top_ms,
                 double timeline_s) {
  canvas.fill(x, 0, column_width, label_bar_height, mode_colour(run.figures.mode));
  draw_text(canvas, x + margin, 9, mode_label(run.figures), 22, {255, 255, 255});
  int y = label_bar_height + margin;
  const Image shot = run.midpoint.empty() ? Image(column_width - 2 * margin, (column_width - 2 * margin) * 9 / 16, colours::panel)
                                          : run.midpoint.scaled(column_width - 2 * margin,
                                                                run.midpoint.height() * (column_width - 2 * margin) /
                                                                    std::max(run.midpoint.width(), 1));
  canvas.blit(shot, x + margin, y);
  y += shot.height() + margin;
  GraphStyle style;
  style.line = mode_colour(run.figures.mode);
  style.threshold_line = colours::amber;
  style.title = "frame time (ms), every frame of the run, same scale on both sides";
  style.top_value = graph_top_ms;
  draw_line_graph(canvas, x + margin, y, column_width - 2 * margin, graph_height, run.frame_times_ms,
                  static_cast<float>(slow_frame_ms), style);
  y += graph_height + margin;
  y += draw_timeline_strip(canvas, x + margin, y, column_width - 2 * margin, run.timeline, timeline_s) + margin;
  const ModeFigures& f = run.figures;
  const std::string lines[] = {
      fmt::format("frame time p99: {:.1f} ms   (p50 {:.1f} ms, {} frames over 50 ms)", f.frames.p99_ms,
                  f.frames.p50_ms, f.frames_over_50ms),
      fmt::format("longest freeze: {:.0f} ms", f.longest_freeze_ms),
      fmt::format("probe latency p99: {:.1f} ms   (max {:.0f} ms)", f.probe.p99_ms, f.probe.max_ms),
      fmt::format("throughput: {:.1f} items/s   ({} jobs completed)", f.items_per_second, f.jobs_completed),
      fmt::format("CPU (% of a core): workers {:.0f}, render thread {:.0f}, GL driver and others {:.0f}",
                  f.cpu_split.workers_percent, f.cpu_split.render_percent, f.cpu_split.other_percent),
  };
  for (const std::string& line : lines) {
    draw_text(canvas, x + margin, y, line, 20, colours::white);
    y += 28;
  }
}

int column_height(const ModeRun& run, int column_width, double timeline_s) {
  const int shot_height =
      run.midpoint.empty() ? (column_width - 2 * margin) * 9 / 16
                           : run.midpoint.height() * (column_width - 2 * margin) / std::max(run.midpoint.width(), 1);
  return label_bar_height + margin + shot_height + margin + graph_height + margin +
         timeline_strip_height(run.timeline, timeline_s) + margin + figures_height;
}

}  // namespace

Image compose_side_by_side(const ModeRun& single, const ModeRun& multi) {
  // Each screenshot at half its width, so the picture is as wide as the window.
  const int shot_width = std::max({single.midpoint.width(), multi.midpoint.width(), 1280});
  const int column_width = shot_width / 2 + 2 * margin;
  // One time scale for both timelines: the last seconds both runs lasted.
  const double timeline_s = std::clamp(std::min(single.figures.duration_s, multi.figures.duration_s), 1.0, 10.0);
  const int height = std::max(column_height(single, column_width, timeline_s),
                              column_height(multi, column_width, timeline_s));
  Image canvas(2 * column_width + margin, height, colours::background);
  // One scale for both graphs, so the multi-thread line lies as low as it should.
  float graph_top_ms = static_cast<float>(slow_frame_ms) * 1.2f;
  for (const ModeRun* run : {&single, &multi}) {
    for (const float ms : run->frame_times_ms) graph_top_ms = std::max(graph_top_ms, ms);
  }
  draw_column(canvas, 0, column_width, single, graph_top_ms, timeline_s);
  draw_column(canvas, column_width + margin, column_width, multi, graph_top_ms, timeline_s);
  return canvas;
}

// A frame on screen this long is a freeze a user notices (a quarter of a
// second), not a slow frame.
constexpr double frozen_frame_age_ms = 250;

Image compose_filmstrip(const ModeRun& single, const ModeRun& multi) {
  int thumb_width = 1, thumb_height = 1;
  for (const ModeRun* run : {&single, &multi}) {
    for (const auto& frame : run->filmstrip) {
      thumb_width = std::max(thumb_width, frame.picture.width());
      thumb_height = std::max(thumb_height, frame.picture.height());
    }
  }
  constexpr int row_label = 40, stamp = 46, gap = 8;
  const int cell_height = thumb_height + stamp + gap;
  auto rows_of = [](const ModeRun& run) {
    return std::max(1, (static_cast<int>(run.filmstrip.size()) + filmstrip_columns - 1) / filmstrip_columns);
  };
  const int height = gap + row_label + rows_of(single) * cell_height + gap + row_label + rows_of(multi) * cell_height;
  Image canvas(filmstrip_columns * (thumb_width + gap) + gap, height, colours::background);
  int y = gap;
  for (const ModeRun* run : {&single, &multi}) {
    canvas.fill(0, y, canvas.width(), row_label - 6, mode_colour(run->figures.mode));
    draw_text(canvas, gap + 4, y + 6,
              fmt::format("{}: the Mandelbrot view every {:.0f} ms", mode_label(run->figures), run->filmstrip_step_ms), 22,
              {255, 255, 255});
    y += row_label;
    for (std::size_t i = 0; i < run->filmstrip.size(); ++i) {
      const FilmstripFrame& frame = run->filmstrip[i];
      const int x = gap + static_cast<int>(i % filmstrip_columns) * (thumb_width + gap);
      const int top = y + static_cast<int>(i / filmstrip_columns) * cell_height;
      if (frame.picture.empty()) {
        canvas.fill(x, top, thumb_width, thumb_height, colours::panel);
      } else {
        canvas.blit(frame.picture, x, top);
      }
      // Under each picture: when, and whether the window has answered since.
      const int text_top = top + thumb_height + 4;
      if (frame.picture.empty()) {
        // The run's first frame has not been shown yet (single-thread mode
        // runs a whole job first): the window is not responding.
        draw_text(canvas, x, text_top, fmt::format("+{:.1f} s: NOT RESPONDING", frame.at_s), 18, colours::red);
        draw_text(canvas, x, text_top + 21, "no frame drawn yet this run", 17, colours::red);
      } else if (frame.frame_age_ms >= frozen_frame_age_ms) {
        draw_text(canvas, x, text_top, fmt::format("+{:.1f} s: NOT RESPONDING", frame.at_s), 18, colours::red);
        draw_text(canvas, x, text_top + 21, fmt::format("same frame for {:.0f} ms", frame.frame_age_ms), 17,
                  colours::red);
      } else {
        draw_text(canvas, x, text_top, fmt::format("+{:.1f} s: frame {}", frame.at_s, frame.frame_index + 1), 18,
                  colours::green);
        draw_text(canvas, x, text_top + 21, fmt::format("drawn {:.0f} ms ago", frame.frame_age_ms), 17,
                  colours::white);
      }
    }
    y += rows_of(*run) * cell_height + gap;
  }
  return canvas;
}

void check_output_folder(const std::filesystem::path& folder) {
  namespace fs = std::filesystem;
  std::error_code error;
  if (folder.empty()) throw std::runtime_error("no folder given");
  if (!fs::exists(folder, error)) throw std::runtime_error(fmt::format("{} does not exist", folder.string()));
  if (!fs::is_directory(folder, error)) throw std::runtime_error(fmt::format("{} is not a directory", folder.string()));
  if (::access(folder.c_str(), W_OK | X_OK) != 0) {
    throw std::runtime_error(fmt::format("{} is not writable: {}", folder.string(), std::strerror(errno)));
  }
  // access() says yes to root everywhere: creating a temporary file tells.
  check_writable(folder / "report.json");
}

void write_comparison(const std::filesystem::path& folder, const ModeRun& single, const ModeRun& multi,
                      const ComparisonContext& context, const CommitGate& gate) {
  // Everything is composed and encoded before the first file is written.
  const auto json = build_report_json(single.figures, multi.figures, context).dump(2) + "\n";
  const auto markdown = build_report_markdown(single.figures, multi.figures, context);
  const std::pair<std::filesystem::path, std::vector<std::uint8_t>> files[] = {
      {folder / "single.png", encode_png(single.midpoint.empty() ? Image(64, 36) : single.midpoint)},
      {folder / "multi.png", encode_png(multi.midpoint.empty() ? Image(64, 36) : multi.midpoint)},
      {folder / "side_by_side.png", encode_png(compose_side_by_side(single, multi))},
      {folder / "filmstrip.png", encode_png(compose_filmstrip(single, multi))},
      {folder / "report.json", std::vector<std::uint8_t>(json.begin(), json.end())},
      {folder / "report.md", std::vector<std::uint8_t>(markdown.begin(), markdown.end())},
      {folder / "single.trace.json", std::vector<std::uint8_t>(single.trace_json.begin(), single.trace_json.end())},
      {folder / "multi.trace.json", std::vector<std::uint8_t>(multi.trace_json.begin(), multi.trace_json.end())},
  };
  // One set: all eight are written and synced beside their final names before
  // any is renamed in, so a full disk leaves the old set whole.
  write_files_atomically(files, gate);
}

}  // namespace threadlab::app
