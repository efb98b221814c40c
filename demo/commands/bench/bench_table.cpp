#include "commands/bench/bench_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "threadlab/measurement/frame_stats.hpp"
#include "threadlab/targets.hpp"

namespace threadlab::app {

namespace {

class RowList {
 public:
  // A figure shown for information.
  void info(std::string figure, std::string measured, std::string key, double value, std::string unit) {
    rows_.push_back({std::move(figure), std::move(measured), "", std::nullopt, std::move(key), value, std::move(unit)});
  }
  // A figure against its target.
  void target(std::string figure, std::string measured, std::string goal, bool passed, std::string key, double value,
              std::string unit) {
    rows_.push_back(
        {std::move(figure), std::move(measured), std::move(goal), passed, std::move(key), value, std::move(unit)});
  }
  std::vector<Row> take() { return std::move(rows_); }

 private:
  std::vector<Row> rows_;
};

double ratio(double numerator, double denominator) {
  return denominator > 0 ? numerator / denominator : std::numeric_limits<double>::infinity();
}

std::string latency_text(const LatencySummary& s) {
  return fmt::format("{:.1f} / {:.1f} / {:.1f} ms", s.p50_ms, s.p99_ms, s.max_ms);
}

double lowest_of(const std::vector<double>& values) {
  return values.empty() ? 0.0 : *std::min_element(values.begin(), values.end());
}

void add_speedup_rows(RowList& rows, const std::vector<SpeedupPoint>& speedup, int cores) {
  for (const SpeedupPoint& point : speedup) {
    const std::string what = fmt::format("job speedup (window not drawing), {} worker{}{}", point.workers,
                                         point.workers == 1 ? "" : "s", point.workers > cores ? " (oversubscribed)" : "");
    const std::string measured =
        fmt::format("{:.2f}x ({:.3f} s, {:.2f} cores used)", point.speedup, point.best_s, point.cores_used);
    const std::string key = fmt::format("speedup_{}_workers", point.workers);
    if (point.workers == cores && cores > 1) {
      const double goal = targets::speedup_efficiency * cores;
      rows.target(what, measured, fmt::format(">= {:.2f}x (0.9 N)", goal), point.speedup >= goal, key, point.speedup, "x");
    } else {
      rows.info(what, measured, key, point.speedup, "x");
    }
  }
}

void add_latency_rows(RowList& rows, const BenchPhases& phases) {
  const auto& i = phases.idle.figures;
  const auto& m = phases.multi.figures;
  const auto& s = phases.single.figures;
  rows.info("idle frames p50 / p99 / max", latency_text(i.frames), "idle_frame_p99_ms", i.frames.p99_ms, "ms");
  rows.info("multi-thread frames p50 / p99 / max", latency_text(m.frames), "multi_frame_p99_ms", m.frames.p99_ms, "ms");
  rows.info("single-thread frames p50 / p99 / max", latency_text(s.frames), "single_frame_p99_ms", s.frames.p99_ms, "ms");
  rows.info("idle probe p50 / p99 / max", latency_text(i.probe), "idle_probe_p99_ms", i.probe.p99_ms, "ms");
  rows.info("single-thread probe p50 / p99 / max", latency_text(s.probe), "single_probe_p99_ms", s.probe.p99_ms, "ms");
  rows.info("multi-thread probe p50 / p99 / max", latency_text(m.probe), "multi_probe_p50_ms", m.probe.p50_ms, "ms");
}

// The multi-thread figures against the idle window's, the single-thread
// freeze against the multi-thread one, and what recording costs.
void add_responsiveness_rows(RowList& rows, const BenchPhases& phases, WindowSize window_size) {
  const auto& i = phases.idle.figures;
  const auto& m = phases.multi.figures;
  const auto& s = phases.single.figures;
  const Phase& recording = phases.recording;
  rows.target("multi-thread: lowest mean core load", loads_text(m.mean_core_load_percent),
         fmt::format(">= {:.0f} % (every worker busy)", targets::busy_core_load_percent),
         lowest_of(m.mean_core_load_percent) >= targets::busy_core_load_percent, "multi_lowest_core_load_percent",
         lowest_of(m.mean_core_load_percent), "%");
  const double frame_ratio = ratio(m.frames.p99_ms, i.frames.p99_ms);
  rows.target("multi-thread frame p99 / idle frame p99",
         fmt::format("{:.2f}x ({:.1f} / {:.1f} ms)", frame_ratio, m.frames.p99_ms, i.frames.p99_ms),
         fmt::format("<= {:.1f}x", targets::frame_p99_ratio), frame_ratio <= targets::frame_p99_ratio,
         "multi_over_idle_frame_p99", frame_ratio, "x");
  rows.target("multi-thread probe p99", fmt::format("{:.1f} ms", m.probe.p99_ms),
         fmt::format("<= {:.1f} ms (2 frames)", targets::probe_p99_ms), m.probe.p99_ms <= targets::probe_p99_ms,
         "multi_probe_p99_ms", m.probe.p99_ms, "ms");
  const double freeze_ratio = ratio(s.longest_freeze_ms, m.longest_freeze_ms);
  rows.target("single-thread longest freeze / multi-thread's",
         fmt::format("{:.1f}x ({:.0f} / {:.1f} ms)", freeze_ratio, s.longest_freeze_ms, m.longest_freeze_ms),
         fmt::format(">= {:.0f}x", targets::freeze_ratio), freeze_ratio >= targets::freeze_ratio, "freeze_ratio",
         freeze_ratio, "x");
  const auto& r = recording.figures;
  const double recording_ratio = ratio(r.frames.p99_ms, m.frames.p99_ms);
  rows.target("multi-thread frame p99 while recording a comparison / plain",
         fmt::format("{:.2f}x ({:.1f} / {:.1f} ms)", recording_ratio, r.frames.p99_ms, m.frames.p99_ms),
         fmt::format("<= {:.1f}x", targets::recording_ratio), recording_ratio <= targets::recording_ratio,
         "recording_over_multi_frame_p99", recording_ratio, "x");
  const double capture_median_ms = median_of(recording.capture_ms);
  const double capture_max_ms =
      recording.capture_ms.empty() ? 0.0 : *std::max_element(recording.capture_ms.begin(), recording.capture_ms.end());
  rows.target(fmt::format("one capture at {}x{}, render-thread cost (median of {}, max)", window_size.width,
                     window_size.height, recording.capture_ms.size()),
         fmt::format("{:.2f} ms (max {:.2f} ms)", capture_median_ms, capture_max_ms),
         fmt::format("<= {:.1f} ms", targets::capture_cost_ms), capture_median_ms <= targets::capture_cost_ms,
         "capture_ms", capture_median_ms, "ms");
}

void add_load_rows(RowList& rows, const BenchPhases& phases, int cores) {
  const auto& i = phases.idle.figures;
  const auto& m = phases.multi.figures;
  const auto& s = phases.single.figures;
  rows.info("throughput multi / single (items/s)",
       fmt::format("{:.2f}x ({:.0f} / {:.0f})", ratio(m.items_per_second, s.items_per_second), m.items_per_second,
                   s.items_per_second),
       "multi_over_single_throughput", ratio(m.items_per_second, s.items_per_second), "x");
  // What drawing alone costs: with software OpenGL it is the window's
  // largest load, and it grows with the window's pixels.
  const double idle_cpu_per_frame_ms =
      i.frames.count ? i.mean_process_percent / 100 * i.duration_s * 1000 / double(i.frames.count) : 0.0;
  const double idle_fps = i.duration_s > 0 ? double(i.frames.count) / i.duration_s : 0.0;
  rows.target("idle: CPU per frame drawn (all threads)",
         fmt::format("{:.1f} ms ({:.2f} cores)", idle_cpu_per_frame_ms, i.mean_process_percent / 100),
         fmt::format("<= {:.1f} ms (half of {:.1f})", targets::idle_cpu_per_frame_ms, 2 * targets::idle_cpu_per_frame_ms),
         idle_cpu_per_frame_ms <= targets::idle_cpu_per_frame_ms, "idle_cpu_per_frame_ms", idle_cpu_per_frame_ms, "ms");
  const BareWindowFigures& bare = phases.bare;
  const double over_bare = bare.cpu_ms_per_frame > 0 ? idle_cpu_per_frame_ms / bare.cpu_ms_per_frame : 0.0;
  rows.info("bare window (clear and swap only): CPU per frame",
            fmt::format("{:.1f} ms at {:.1f} frames/s", bare.cpu_ms_per_frame, bare.frames_per_second),
            "bare_window_cpu_per_frame_ms", bare.cpu_ms_per_frame, "ms");
  rows.target("idle window's CPU per frame / bare window's", fmt::format("{:.2f}x", over_bare),
              fmt::format("<= {:.1f}x", targets::idle_over_bare_window),
              over_bare > 0 && over_bare <= targets::idle_over_bare_window, "idle_over_bare_window", over_bare, "x");
  rows.target("idle: frames per second", fmt::format("{:.1f}", idle_fps), fmt::format(">= {:.0f}", targets::idle_fps),
         idle_fps >= targets::idle_fps, "idle_frames_per_second", idle_fps, "1/s");
  rows.info("share of the window's pixels drawn per frame, idle / multi",
            fmt::format("{:.0f} / {:.0f} %", 100 * phases.idle.redrawn_share, 100 * phases.multi.redrawn_share),
            "idle_redrawn_percent", 100 * phases.idle.redrawn_share, "%");
  const double others_idle = load_of_other_processes(i, cores);
  const double others_multi = load_of_other_processes(m, cores);
  const double others_single = load_of_other_processes(s, cores);
  rows.info("other processes' core load idle / multi / single",
       fmt::format("{:.0f} / {:.0f} / {:.0f} %", others_idle, others_multi, others_single),
       "other_processes_max_load_percent", std::max({others_idle, others_multi, others_single}), "%");
  rows.info("mean core load idle / single / multi",
       fmt::format("{:.0f} / {:.0f} / {:.0f} %", mean_of(i.mean_core_load_percent), mean_of(s.mean_core_load_percent),
                   mean_of(m.mean_core_load_percent)),
       "multi_mean_core_load_percent", mean_of(m.mean_core_load_percent), "%");
}

void add_soak_rows(RowList& rows, const SoakFigures& soak) {
  rows.target(fmt::format("RSS over a {:g}-minute soak (start / end / max)", soak.minutes),
         fmt::format("{:.1f} / {:.1f} / {:.1f} MiB", soak.start_mib, soak.end_mib, soak.max_mib),
         fmt::format("growth <= {:.0f} MiB or {:.0f} %", targets::steady_growth_mib, 100 * targets::steady_growth_fraction),
         soak.steady, "soak_rss_growth_mib", soak.growth_mib, "MiB");
  rows.info("RSS growth after warm-up", fmt::format("{:+.1f} MiB ({:+.1f} %)", soak.growth_mib, soak.growth_percent),
       "soak_rss_growth_percent", soak.growth_percent, "%");
}

}  // namespace

std::vector<Row> build_rows(const BenchPhases& phases, const std::vector<SpeedupPoint>& speedup, int cores,
                            WindowSize window_size, const std::optional<SoakFigures>& soak) {
  RowList rows;
  add_speedup_rows(rows, speedup, cores);
  add_latency_rows(rows, phases);
  add_responsiveness_rows(rows, phases, window_size);
  add_load_rows(rows, phases, cores);
  if (soak) add_soak_rows(rows, *soak);
  return rows.take();
}

std::string loads_text(const std::vector<double>& loads) {
  std::string text;
  for (double load : loads) text += fmt::format("{}{:.0f}", text.empty() ? "" : " ", load);
  return text + " %";
}

std::string table_text(const std::vector<Row>& rows, const std::string& heading) {
  std::size_t figure_width = 6, measured_width = 8, target_width = 6;
  for (const Row& row : rows) {
    figure_width = std::max(figure_width, row.figure.size());
    measured_width = std::max(measured_width, row.measured.size());
    target_width = std::max(target_width, row.target.size());
  }
  const std::string rule(figure_width + measured_width + target_width + 13, '-');
  std::string text = fmt::format("\n{}\n{}\n", heading, rule);
  text += fmt::format("{:<{}}  {:<{}}  {:<{}}  {}\n", "figure", figure_width, "measured", measured_width, "target",
                      target_width, "result");
  text += fmt::format("{}\n", rule);
  for (const Row& row : rows) {
    text += fmt::format("{:<{}}  {:<{}}  {:<{}}  {}\n", row.figure, figure_width, row.measured, measured_width,
                        row.target.empty() ? "-" : row.target, target_width, targets::verdict(row.passed));
  }
  text += fmt::format("{}\n", rule);
  const auto misses = std::count_if(rows.begin(), rows.end(), [](const Row& r) { return r.passed == false; });
  const auto targets = std::count_if(rows.begin(), rows.end(), [](const Row& r) { return r.passed.has_value(); });
  text += fmt::format("{} of {} targets met{}\n", targets - misses, targets,
                      misses ? fmt::format(", {} MISS", misses) : "");
  return text;
}

}  // namespace threadlab::app
