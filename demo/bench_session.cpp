#include "bench_session.hpp"

#include <fmt/format.h>
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <functional>
#include <iterator>
#include <limits>
#include <memory>
#include <numeric>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "app.hpp"
#include "compare.hpp"
#include "compare_session.hpp"
#include "session.hpp"
#include "signals.hpp"
#include "progress_overlay.hpp"
#include "report.hpp"
#include "stats_json.hpp"
#include "texture.hpp"
#include "threadlab/job.hpp"
#include "threadlab/job_timing.hpp"
#include "threadlab/lab.hpp"
#include "threadlab/machine.hpp"
#include "threadlab/mandelbrot.hpp"
#include "threadlab/memory_usage.hpp"
#include "window.hpp"

namespace threadlab::app {

namespace {

using Seconds = std::chrono::duration<double>;
using Json = nlohmann::ordered_json;

// The targets, each a ratio of figures taken in the same run.
constexpr double speedup_efficiency_target = 0.9;    // speedup with N workers >= 0.9 N
constexpr double frame_p99_ratio_target = 1.5;       // multi-thread p99 <= 1.5 x idle p99
constexpr double probe_p99_target_ms = 2000.0 / 60;  // two frames at 60 Hz
constexpr double freeze_ratio_target = 10.0;         // single-thread freeze >= 10 x multi-thread's
constexpr double recording_ratio_target = 1.2;       // recording a comparison: frame p99 <= 1.2 x plain
constexpr double capture_cost_target_ms = 2.0;       // one capture's cost to the render thread
// The idle 1600x900 window cost 26.2 ms of CPU per frame under llvmpipe
// before tiled panels stopped drawing their backgrounds: half of that, at
// (nearly) the 60 Hz the loop paces itself to.
constexpr double idle_cpu_per_frame_goal_ms = 26.2 / 2;
constexpr double idle_fps_goal = 55.0;
// The premise of the multi-thread figures: every worker busy the whole phase.
constexpr double busy_core_load_target = 90.0;
// Memory is steady when the soak ends within this much of where it started.
constexpr double steady_growth_mib = 2.0;
constexpr double steady_growth_fraction = 0.02;

// Mean core load of other processes (Xvfb included) in a phase above which
// the machine is taken to be busy with something else.
constexpr double busy_machine_load = 25.0;

constexpr int speedup_repetitions = 5;
constexpr auto soak_toggle_period = std::chrono::seconds(1);
constexpr auto soak_sample_period = std::chrono::seconds(2);
constexpr double soak_warm_up_limit_s = 60;  // or a fifth of a shorter soak

void say(const std::string& line) {
  signals::print_stdout(fmt::format("threadlab bench: {}\n", line));
}

// Prints "NAME: 10%", "20%"... as `fraction` passes each tenth.
class TenthsProgress {
 public:
  explicit TenthsProgress(std::string name) : name_(std::move(name)) {}
  void update(double fraction, const std::string& detail = {}) {
    const int tenth = static_cast<int>(std::clamp(fraction, 0.0, 1.0) * 10);
    if (tenth <= last_tenth_) return;
    last_tenth_ = tenth;
    say(fmt::format("{}: {:3d}%{}{}", name_, tenth * 10, detail.empty() ? "" : "  ", detail));
  }

 private:
  std::string name_;
  int last_tenth_ = -1;
};

double mean_of(const std::vector<double>& values) {
  return values.empty() ? 0.0 : std::accumulate(values.begin(), values.end(), 0.0) / double(values.size());
}

double median_of(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const std::size_t middle = values.size() / 2;
  return values.size() % 2 ? values[middle] : 0.5 * (values[middle - 1] + values[middle]);
}

// ---------------------------------------------------------------------------
// The window phases.

struct Phase {
  std::string name;  // idle, multi, recording, single
  ModeFigures figures;
  std::vector<double> capture_ms;  // recording: what each capture cost the render thread
};

// One session of the real render loop, through the same runner as
// `threadlab --duration`, with the job running or not.
Phase run_phase(Window& window, const RunSettings& settings, const char* name, Mode mode, bool with_job,
                double seconds, ProgressOverlay& overlay) {
  SessionPlan plan = plan_of(settings);
  plan.lab.mode = mode;
  plan.start_job = with_job;
  plan.page.reset();
  plan.duration_seconds = seconds;
  std::vector<float> frame_times_ms;
  plan.hooks.draw_overlay = [&overlay] { overlay.draw(); };
  plan.hooks.frame_shown = [&](const FrameShown& shown, Lab&) {
    if (shown.index > 0) frame_times_ms.push_back(static_cast<float>(shown.previous_frame_time.count()));
    overlay.fraction = std::clamp(Seconds(shown.shown_at - shown.run_started).count() / seconds, 0.0, 1.0);
  };
  const SessionResult result = run_session(window, plan);
  return Phase{name, figures_of_run(result.last_snapshot, result.facts.duration_s, frame_times_ms), {}};
}

// A multi-thread run recorded as the comparison records it (the window read
// back at every filmstrip step): what recording costs the loop it records.
Phase run_recording_phase(Window& window, const RunSettings& settings, double seconds, ProgressOverlay& overlay) {
  ModeRun run = record_mode(window, plan_of(settings), Mode::multi_thread, seconds, overlay,
                            [&overlay](double fraction) { overlay.fraction = fraction; });
  return Phase{"recording", std::move(run.figures), std::move(run.capture_ms)};
}

// ImGui lays new windows out over their first frames, and the GL driver
// compiles its shaders on the first: a short session first, so the idle
// phase measures a window in its steady state.
void warm_up(Window& window, const RunSettings& settings, ProgressOverlay& overlay) {
  overlay.stage = "warming up";
  run_phase(window, settings, "warm-up", Mode::multi_thread, false, 0.5, overlay);
}

// The mean load of every core, less this process's own share of it.
double load_of_other_processes(const ModeFigures& figures, int cores) {
  return std::max(0.0, mean_of(figures.mean_core_load_percent) - figures.mean_process_percent / cores);
}

// ---------------------------------------------------------------------------
// The speedup: the job alone, no window drawing.

struct SpeedupPoint {
  int workers = 0;
  std::vector<double> seconds;  // one per repetition, in the order run
  double best_s = 0;
  double median_s = 0;
  double speedup = 0;  // best time with 1 worker / best time with `workers`
  // CPU time the process got per second of the best run: on a machine busy
  // with other work, 2 workers may get only one core's worth, which is why.
  double cores_used = 0;
};

// keep_going: asked while each job runs; the window handles its events
// there, so a desktop does not take it for hung while nothing is drawn, and
// a close (or a signal) stops the measurement within a poll. Returns nullopt
// when stopped.
std::optional<std::vector<SpeedupPoint>> measure_speedup(const MandelbrotView& view, int width, int height, int cores,
                                                         const std::function<bool()>& keep_going) {
  std::vector<SpeedupPoint> points;
  for (int workers = 1; workers <= cores; ++workers) points.push_back({workers, {}, 0, 0, 0, 0});
  points.push_back({2 * cores, {}, 0, 0, 0, 0});  // oversubscribed: more workers than cores

  TenthsProgress progress("speedup");
  const int runs = speedup_repetitions * static_cast<int>(points.size());
  int done = 0;
  // Round-robin, so a burst of load from elsewhere lands on every worker
  // count rather than all on one.
  for (int repetition = 0; repetition < speedup_repetitions; ++repetition) {
    for (SpeedupPoint& point : points) {
      // Normal priority: the window is not drawing, so nothing needs the cores more.
      const auto timed = time_job_on_workers(std::make_shared<MandelbrotJob>(view, width, height), point.workers,
                                             WorkerPriority::normal, keep_going);
      if (!timed) return std::nullopt;
      const JobTiming& timing = *timed;
      point.seconds.push_back(timing.wall_s);
      if (timing.wall_s <= *std::min_element(point.seconds.begin(), point.seconds.end())) {
        point.cores_used = timing.cores_used;
      }
      progress.update(double(++done) / runs, fmt::format("{} workers: {:.3f} s, {:.2f} cores used", point.workers,
                                                         timing.wall_s, timing.cores_used));
    }
  }
  for (SpeedupPoint& point : points) {
    point.best_s = *std::min_element(point.seconds.begin(), point.seconds.end());
    point.median_s = median_of(point.seconds);
  }
  for (SpeedupPoint& point : points) point.speedup = points.front().best_s / point.best_s;
  return points;
}

// ---------------------------------------------------------------------------
// The memory soak.

struct MemorySample {
  double at_s = 0;
  double resident_mib = 0;
};

struct SoakFigures {
  double minutes = 0;
  double warm_up_s = 0;
  std::uint64_t toggles = 0;
  std::uint64_t frames = 0;
  std::vector<MemorySample> samples;
  double start_mib = 0, end_mib = 0, max_mib = 0, peak_mib = 0;
  double growth_mib = 0, growth_percent = 0;
  bool steady = false;
};

SoakFigures run_soak(Window& window, const RunSettings& settings, double minutes, ProgressOverlay& overlay) {
  const double seconds = minutes * 60;
  SoakFigures soak;
  soak.minutes = minutes;
  soak.warm_up_s = std::min(soak_warm_up_limit_s, seconds / 5);

  SessionPlan plan = plan_of(settings);
  plan.lab.mode = Mode::multi_thread;
  plan.page.reset();
  plan.duration_seconds = seconds;

  Mode mode = Mode::multi_thread;
  Clock::time_point last_toggle{};
  Clock::time_point next_sample{};
  TenthsProgress progress(fmt::format("soak ({:g} min, mode toggled every second)", minutes));
  plan.hooks.draw_overlay = [&overlay] { overlay.draw(); };
  plan.hooks.frame_shown = [&](const FrameShown& shown, Lab& lab) {
    ++soak.frames;
    if (shown.index == 0) last_toggle = next_sample = shown.run_started;
    const double at_s = Seconds(shown.shown_at - shown.run_started).count();
    if (shown.shown_at >= next_sample) {
      soak.samples.push_back({at_s, to_mebibytes(current_memory_usage().resident_bytes)});
      next_sample += soak_sample_period;
    }
    if (shown.shown_at - last_toggle >= soak_toggle_period) {
      mode = mode == Mode::single_thread ? Mode::multi_thread : Mode::single_thread;
      lab.set_mode(mode);
      last_toggle = shown.shown_at;
      ++soak.toggles;
    }
    overlay.fraction = std::clamp(at_s / seconds, 0.0, 1.0);
    progress.update(overlay.fraction, soak.samples.empty()
                                          ? std::string{}
                                          : fmt::format("RSS {:.1f} MiB, {} toggles", soak.samples.back().resident_mib,
                                                        soak.toggles));
  };
  run_session(window, plan);
  soak.samples.push_back({seconds, to_mebibytes(current_memory_usage().resident_bytes)});
  soak.peak_mib = to_mebibytes(current_memory_usage().peak_resident_bytes);

  const auto after_warm_up = std::find_if(soak.samples.begin(), soak.samples.end(),
                                          [&](const MemorySample& s) { return s.at_s >= soak.warm_up_s; });
  const MemorySample& start = after_warm_up != soak.samples.end() ? *after_warm_up : soak.samples.front();
  soak.start_mib = start.resident_mib;
  soak.end_mib = soak.samples.back().resident_mib;
  for (const MemorySample& sample : soak.samples) soak.max_mib = std::max(soak.max_mib, sample.resident_mib);
  soak.growth_mib = soak.end_mib - soak.start_mib;
  soak.growth_percent = soak.start_mib > 0 ? 100 * soak.growth_mib / soak.start_mib : 0;
  soak.steady = soak.growth_mib <= std::max(steady_growth_mib, steady_growth_fraction * soak.start_mib);
  return soak;
}

// ---------------------------------------------------------------------------
// The table and the JSON.

struct Row {
  std::string figure;
  std::string measured;
  std::string target;          // empty: for information
  std::optional<bool> passed;  // none: for information
  // For the JSON.
  std::string key;
  double value = 0;
  std::string unit;
};

double ratio(double numerator, double denominator) {
  return denominator > 0 ? numerator / denominator : std::numeric_limits<double>::infinity();
}

std::string latency_text(const LatencySummary& s) {
  return fmt::format("{:.1f} / {:.1f} / {:.1f} ms", s.p50_ms, s.p99_ms, s.max_ms);
}

std::string loads_text(const std::vector<double>& loads) {
  std::string text;
  for (double load : loads) text += fmt::format("{}{:.0f}", text.empty() ? "" : " ", load);
  return text + " %";
}

double lowest_of(const std::vector<double>& values) {
  return values.empty() ? 0.0 : *std::min_element(values.begin(), values.end());
}

std::vector<Row> build_rows(const Phase& idle, const Phase& multi, const Phase& recording, const Phase& single,
                            const std::vector<SpeedupPoint>& speedup, int cores, WindowSize window_size,
                            const std::optional<SoakFigures>& soak) {
  std::vector<Row> rows;
  auto info = [&](std::string figure, std::string measured, std::string key, double value, std::string unit) {
    rows.push_back({std::move(figure), std::move(measured), "", std::nullopt, std::move(key), value, std::move(unit)});
  };
  auto target = [&](std::string figure, std::string measured, std::string goal, bool passed, std::string key,
                    double value, std::string unit) {
    rows.push_back({std::move(figure), std::move(measured), std::move(goal), passed, std::move(key), value,
                    std::move(unit)});
  };

  for (const SpeedupPoint& point : speedup) {
    const std::string what = fmt::format("job speedup (window not drawing), {} worker{}{}", point.workers,
                                         point.workers == 1 ? "" : "s", point.workers > cores ? " (oversubscribed)" : "");
    const std::string measured =
        fmt::format("{:.2f}x ({:.3f} s, {:.2f} cores used)", point.speedup, point.best_s, point.cores_used);
    const std::string key = fmt::format("speedup_{}_workers", point.workers);
    if (point.workers == cores && cores > 1) {
      const double goal = speedup_efficiency_target * cores;
      target(what, measured, fmt::format(">= {:.2f}x (0.9 N)", goal), point.speedup >= goal, key, point.speedup, "x");
    } else {
      info(what, measured, key, point.speedup, "x");
    }
  }

  const auto& i = idle.figures;
  const auto& m = multi.figures;
  const auto& s = single.figures;
  info("idle frames p50 / p99 / max", latency_text(i.frames), "idle_frame_p99_ms", i.frames.p99_ms, "ms");
  info("multi-thread frames p50 / p99 / max", latency_text(m.frames), "multi_frame_p99_ms", m.frames.p99_ms, "ms");
  info("single-thread frames p50 / p99 / max", latency_text(s.frames), "single_frame_p99_ms", s.frames.p99_ms, "ms");
  info("idle probe p50 / p99 / max", latency_text(i.probe), "idle_probe_p99_ms", i.probe.p99_ms, "ms");
  info("single-thread probe p50 / p99 / max", latency_text(s.probe), "single_probe_p99_ms", s.probe.p99_ms, "ms");
  info("multi-thread probe p50 / p99 / max", latency_text(m.probe), "multi_probe_p50_ms", m.probe.p50_ms, "ms");

  target("multi-thread: lowest mean core load", loads_text(m.mean_core_load_percent),
         fmt::format(">= {:.0f} % (every worker busy)", busy_core_load_target),
         lowest_of(m.mean_core_load_percent) >= busy_core_load_target, "multi_lowest_core_load_percent",
         lowest_of(m.mean_core_load_percent), "%");
  const double frame_ratio = ratio(m.frames.p99_ms, i.frames.p99_ms);
  target("multi-thread frame p99 / idle frame p99",
         fmt::format("{:.2f}x ({:.1f} / {:.1f} ms)", frame_ratio, m.frames.p99_ms, i.frames.p99_ms),
         fmt::format("<= {:.1f}x", frame_p99_ratio_target), frame_ratio <= frame_p99_ratio_target,
         "multi_over_idle_frame_p99", frame_ratio, "x");
  target("multi-thread probe p99", fmt::format("{:.1f} ms", m.probe.p99_ms),
         fmt::format("<= {:.1f} ms (2 frames)", probe_p99_target_ms), m.probe.p99_ms <= probe_p99_target_ms,
         "multi_probe_p99_ms", m.probe.p99_ms, "ms");
  const double freeze_ratio = ratio(s.longest_freeze_ms, m.longest_freeze_ms);
  target("single-thread longest freeze / multi-thread's",
         fmt::format("{:.1f}x ({:.0f} / {:.1f} ms)", freeze_ratio, s.longest_freeze_ms, m.longest_freeze_ms),
         fmt::format(">= {:.0f}x", freeze_ratio_target), freeze_ratio >= freeze_ratio_target, "freeze_ratio",
         freeze_ratio, "x");
  const auto& r = recording.figures;
  const double recording_ratio = ratio(r.frames.p99_ms, m.frames.p99_ms);
  target("multi-thread frame p99 while recording a comparison / plain",
         fmt::format("{:.2f}x ({:.1f} / {:.1f} ms)", recording_ratio, r.frames.p99_ms, m.frames.p99_ms),
         fmt::format("<= {:.1f}x", recording_ratio_target), recording_ratio <= recording_ratio_target,
         "recording_over_multi_frame_p99", recording_ratio, "x");
  const double capture_median_ms = median_of(recording.capture_ms);
  const double capture_max_ms =
      recording.capture_ms.empty() ? 0.0 : *std::max_element(recording.capture_ms.begin(), recording.capture_ms.end());
  target(fmt::format("one capture at {}x{}, render-thread cost (median of {}, max)", window_size.width,
                     window_size.height, recording.capture_ms.size()),
         fmt::format("{:.2f} ms (max {:.2f} ms)", capture_median_ms, capture_max_ms),
         fmt::format("<= {:.1f} ms", capture_cost_target_ms), capture_median_ms <= capture_cost_target_ms,
         "capture_ms", capture_median_ms, "ms");
  info("throughput multi / single (items/s)",
       fmt::format("{:.2f}x ({:.0f} / {:.0f})", ratio(m.items_per_second, s.items_per_second), m.items_per_second,
                   s.items_per_second),
       "multi_over_single_throughput", ratio(m.items_per_second, s.items_per_second), "x");
  // What drawing alone costs: with software OpenGL it is the window's
  // largest load, and it grows with the window's pixels.
  const double idle_cpu_per_frame_ms =
      i.frames.count ? i.mean_process_percent / 100 * i.duration_s * 1000 / double(i.frames.count) : 0.0;
  const double idle_fps = i.duration_s > 0 ? double(i.frames.count) / i.duration_s : 0.0;
  target("idle: CPU per frame drawn (all threads)",
         fmt::format("{:.1f} ms ({:.2f} cores)", idle_cpu_per_frame_ms, i.mean_process_percent / 100),
         fmt::format("<= {:.1f} ms (half of {:.1f})", idle_cpu_per_frame_goal_ms, 2 * idle_cpu_per_frame_goal_ms),
         idle_cpu_per_frame_ms <= idle_cpu_per_frame_goal_ms, "idle_cpu_per_frame_ms", idle_cpu_per_frame_ms, "ms");
  target("idle: frames per second", fmt::format("{:.1f}", idle_fps), fmt::format(">= {:.0f}", idle_fps_goal),
         idle_fps >= idle_fps_goal, "idle_frames_per_second", idle_fps, "1/s");
  const double others_idle = load_of_other_processes(i, cores);
  const double others_multi = load_of_other_processes(m, cores);
  const double others_single = load_of_other_processes(s, cores);
  info("other processes' core load idle / multi / single",
       fmt::format("{:.0f} / {:.0f} / {:.0f} %", others_idle, others_multi, others_single),
       "other_processes_max_load_percent", std::max({others_idle, others_multi, others_single}), "%");
  info("mean core load idle / single / multi",
       fmt::format("{:.0f} / {:.0f} / {:.0f} %", mean_of(i.mean_core_load_percent), mean_of(s.mean_core_load_percent),
                   mean_of(m.mean_core_load_percent)),
       "multi_mean_core_load_percent", mean_of(m.mean_core_load_percent), "%");

  if (soak) {
    target(fmt::format("RSS over a {:g}-minute soak (start / end / max)", soak->minutes),
           fmt::format("{:.1f} / {:.1f} / {:.1f} MiB", soak->start_mib, soak->end_mib, soak->max_mib),
           fmt::format("growth <= {:.0f} MiB or {:.0f} %", steady_growth_mib, 100 * steady_growth_fraction),
           soak->steady, "soak_rss_growth_mib", soak->growth_mib, "MiB");
    info("RSS growth after warm-up", fmt::format("{:+.1f} MiB ({:+.1f} %)", soak->growth_mib, soak->growth_percent),
         "soak_rss_growth_percent", soak->growth_percent, "%");
  }
  return rows;
}

std::string verdict(const Row& row) {
  if (!row.passed) return "";
  return *row.passed ? "pass" : "MISS";
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
                        row.target.empty() ? "-" : row.target, target_width, verdict(row));
  }
  text += fmt::format("{}\n", rule);
  const auto misses = std::count_if(rows.begin(), rows.end(), [](const Row& r) { return r.passed == false; });
  const auto targets = std::count_if(rows.begin(), rows.end(), [](const Row& r) { return r.passed.has_value(); });
  text += fmt::format("{} of {} targets met{}\n", targets - misses, targets,
                      misses ? fmt::format(", {} MISS", misses) : "");
  return text;
}

Json phase_json(const Phase& phase) {
  Json j = mode_figures_json(phase.figures);
  j["job_running"] = phase.name != "idle";
  if (phase.name == "recording") {
    const auto longest = std::max_element(phase.capture_ms.begin(), phase.capture_ms.end());
    j["captures"] = {{"count", phase.capture_ms.size()},
                     {"median_ms", median_of(phase.capture_ms)},
                     {"max_ms", longest == phase.capture_ms.end() ? 0.0 : *longest}};
  }
  return j;
}

struct Machine {
  std::string cpu_model;
  int cores = 0;
  std::string gl_renderer, gl_version;
  std::vector<double> load_at_start, load_at_end;
  std::string date;
};

// 1, 5 and 15 minute load averages; zeros where /proc/loadavg cannot be read.
std::vector<double> load_averages() {
  const LoadAverages load = current_load_averages().value_or(LoadAverages{});
  return {load.one_minute, load.five_minutes, load.fifteen_minutes};
}

Json build_bench_json(const Machine& machine, const RunSettings& settings, const BenchSettings& bench,
                      const std::vector<Phase>& phases, const std::vector<SpeedupPoint>& speedup,
                      const MandelbrotView& view, const std::optional<SoakFigures>& soak, const std::vector<Row>& rows) {
  Json j;
  j["version"] = THREADLAB_VERSION;
  j["machine"] = {{"cpu_model", machine.cpu_model},
                  {"cores", machine.cores},
                  {"gl_renderer", machine.gl_renderer},
                  {"gl_version", machine.gl_version},
                  {"load_average_at_start", machine.load_at_start},
                  {"load_average_at_end", machine.load_at_end},
                  {"date", machine.date}};
  j["settings"] = {{"window", {{"width", settings.window.width}, {"height", settings.window.height}}},
                   {"image", {{"width", settings.lab.image_width}, {"height", settings.lab.image_height}}},
                   {"workload", cli_word(settings.lab.workload)},
                   {"workers", settings.lab.workers},
                   {"priority", cli_word(settings.lab.priority)},
                   {"phase_seconds", bench.phase_seconds},
                   {"soak_minutes", bench.soak_minutes}};
  Json phase_figures;
  for (const Phase& phase : phases) phase_figures[phase.name] = phase_json(phase);
  j["phases"] = std::move(phase_figures);

  Json points = Json::array();
  for (const SpeedupPoint& point : speedup) {
    points.push_back({{"workers", point.workers},
                      {"best_s", point.best_s},
                      {"median_s", point.median_s},
                      {"speedup", point.speedup},
                      {"cores_used", point.cores_used},
                      {"seconds", point.seconds}});
  }
  j["speedup"] = {{"method",
                   "one Mandelbrot job (the window's opening view) on fresh JobWorkers at normal priority, "
                   "window open but not drawing; wall time start to join; speedup = best 1-worker time / "
                   "best k-worker time"},
                  {"view", {{"center_x", view.center_x}, {"center_y", view.center_y}, {"scale", view.scale},
                            {"max_iterations", view.max_iterations}}},
                  {"repetitions", speedup_repetitions},
                  {"points", std::move(points)}};

  if (soak) {
    Json samples = Json::array();
    for (const MemorySample& sample : soak->samples) samples.push_back({sample.at_s, sample.resident_mib});
    j["soak"] = {{"minutes", soak->minutes},
                 {"warm_up_s", soak->warm_up_s},
                 {"toggles", soak->toggles},
                 {"frames", soak->frames},
                 {"start_mib", soak->start_mib},
                 {"end_mib", soak->end_mib},
                 {"max_mib", soak->max_mib},
                 {"peak_mib", soak->peak_mib},
                 {"growth_mib", soak->growth_mib},
                 {"growth_percent", soak->growth_percent},
                 {"steady", soak->steady},
                 {"samples_s_mib", std::move(samples)}};
  } else {
    j["soak"] = nullptr;
  }

  Json figures = Json::array();
  for (const Row& row : rows) {
    Json figure = {{"key", row.key}, {"figure", row.figure}, {"value", row.value}, {"unit", row.unit},
                   {"measured", row.measured}};
    figure["target"] = row.target.empty() ? Json(nullptr) : Json(row.target);
    figure["pass"] = row.passed ? Json(*row.passed) : Json(nullptr);
    figures.push_back(std::move(figure));
  }
  j["figures"] = std::move(figures);
  return j;
}

}  // namespace

int run_bench(const RunSettings& settings, const BenchSettings& bench) {
  const MachineFacts facts = current_machine();
  Machine machine;
  machine.cpu_model = facts.cpu_model;
  machine.cores = facts.cores;
  machine.load_at_start = load_averages();
  machine.date = utc_date_text(std::chrono::system_clock::now());

  Window window(settings.window, "ThreadLab: benchmark");
  machine.gl_renderer = window.gl_renderer();
  machine.gl_version = window.gl_version();
  say(fmt::format("{} ({} cores), {}, window {}x{}, load average {:.2f}", machine.cpu_model, machine.cores,
                  machine.gl_renderer, settings.window.width, settings.window.height, machine.load_at_start[0]));

  ProgressOverlay overlay{"Benchmark", "", 0};
  warm_up(window, settings, overlay);

  std::vector<Phase> phases;
  const struct {
    const char* name;
    const char* stage;
    Mode mode;
    bool with_job;
  } plan[] = {{"idle", "idle window, no job", Mode::multi_thread, false},
              {"multi", "multi-thread mode, job running", Mode::multi_thread, true},
              {"recording", "multi-thread mode, recorded as the comparison does", Mode::multi_thread, true},
              {"single", "single-thread mode, same job", Mode::single_thread, true}};
  for (const auto& step : plan) {
    if (window.should_close()) break;
    say(fmt::format("{} ({:g} s)...", step.stage, bench.phase_seconds));
    overlay.stage = step.stage;
    if (std::string_view(step.name) == "recording") {
      try {
        phases.push_back(run_recording_phase(window, settings, bench.phase_seconds, overlay));
      } catch (const SessionInterrupted&) {
        break;
      }
    } else {
      phases.push_back(run_phase(window, settings, step.name, step.mode, step.with_job, bench.phase_seconds, overlay));
    }
    const ModeFigures& f = phases.back().figures;
    say(fmt::format("{}: {} frames, p99 {:.1f} ms, longest {:.0f} ms; probe p99 {:.1f} ms; cores {}", step.name,
                    f.frames.count, f.frames.p99_ms, f.longest_freeze_ms, f.probe.p99_ms,
                    loads_text(f.mean_core_load_percent)));
  }
  if (phases.size() < std::size(plan)) {
    say("window closed: no figures");
    return 1;
  }

  // The speedup job: the one the window opens with (the Lab's opening view).
  const MandelbrotView view = *Lab(settings.lab, {}).snapshot().mandelbrot_view;
  say(fmt::format("speedup: one {}x{} Mandelbrot job at 1..{} and {} workers, best of {}, window not drawing...",
                  settings.lab.image_width, settings.lab.image_height, machine.cores, 2 * machine.cores,
                  speedup_repetitions));
  const auto measured = measure_speedup(view, settings.lab.image_width, settings.lab.image_height, machine.cores,
                                        [&window] {
                                          window.poll_events();
                                          return !window.should_close();
                                        });
  if (!measured) {
    say("window closed: no figures");
    return 1;
  }
  const std::vector<SpeedupPoint>& speedup = *measured;

  std::optional<SoakFigures> soak;
  if (bench.soak_minutes > 0 && !window.should_close()) {
    overlay.stage = "memory soak: mode toggled every second";
    soak = run_soak(window, settings, bench.soak_minutes, overlay);
  }
  // Closed (or signalled) during the last phase or the soak: a cut run is no result.
  if (window.should_close()) {
    say("window closed: no figures");
    return 1;
  }
  machine.load_at_end = load_averages();
  for (const Phase& phase : phases) {
    const double others_load = load_of_other_processes(phase.figures, machine.cores);
    if (others_load > busy_machine_load) {
      say(fmt::format("WARNING: other processes kept the cores {:.0f} % busy during the {} phase: its timings "
                      "measure them too",
                      others_load, phase.name));
    }
  }

  const std::vector<Row> rows =
      build_rows(phases[0], phases[1], phases[2], phases[3], speedup, machine.cores, settings.window, soak);
  const std::string heading =
      fmt::format("threadlab bench, {}: {} ({} cores), window {}x{}, {}, load average {:.2f} -> {:.2f}", machine.date,
                  machine.cpu_model, machine.cores, settings.window.width, settings.window.height, machine.gl_renderer,
                  machine.load_at_start[0], machine.load_at_end[0]);
  // The JSON first: a closed stdout must not cost the file.
  if (bench.json) {
    write_json_atomically(*bench.json,
                          build_bench_json(machine, settings, bench, phases, speedup, view, soak, rows));
  }
  signals::print_stdout(table_text(rows, heading));
  if (bench.json) say(fmt::format("wrote {}", bench.json->string()));
  return 0;
}

}  // namespace threadlab::app
