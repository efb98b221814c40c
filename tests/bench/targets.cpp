#include "targets.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <span>

#include "bench_names.hpp"

namespace threadlab::bench {

namespace {

using Goal = TargetRow::Goal;
using Quantity = FigureKey::Quantity;

std::string format_value(double value, const std::string& unit) {
  if (unit == "x") return fmt::format("{:.2f}x", value);
  if (unit == "%") return fmt::format("{:.3f} %", value);
  return fmt::format("{:.3f} {}", value, unit);
}

std::optional<Figure> figure(const std::vector<Measurement>& measurements, const char* benchmark, Quantity quantity,
                             int threads = 1, std::string args = {}, std::string counter = {}) {
  return find_figure(measurements, FigureKey{benchmark, std::move(args), threads, quantity, std::move(counter)});
}

// numerator / denominator of two benchmarks' medians.
TargetRow ratio_row(std::string what, const std::optional<Figure>& numerator, const std::optional<Figure>& denominator,
                    Goal goal, double limit, const std::string& figure_unit, double figure_scale) {
  TargetRow row{.what = std::move(what),
                .measured = std::nullopt,
                .unit = "x",
                .goal = goal,
                .limit = limit,
                .spread = 0,
                .detail = {}};
  if (numerator && denominator && denominator->median != 0) {
    row.measured = numerator->median / denominator->median;
    row.spread = std::max(numerator->spread(), denominator->spread());
    row.detail = fmt::format("{:.4g} vs {:.4g} {}", numerator->median * figure_scale,
                             denominator->median * figure_scale, figure_unit);
  }
  return row;
}

TargetRow value_row(std::string what, const std::optional<Figure>& value, std::string unit, double scale, Goal goal,
                    double limit, std::string detail = {}) {
  TargetRow row{.what = std::move(what),
                .measured = std::nullopt,
                .unit = std::move(unit),
                .goal = goal,
                .limit = limit,
                .spread = 0,
                .detail = {}};
  if (value) {
    row.measured = value->median * scale;
    row.spread = value->spread();
    row.detail = std::move(detail);
  }
  return row;
}

// The limits are the project's targets table (threadlab/targets.hpp).
constexpr double lock_uncontended_limit = targets::lock_uncontended_ratio;
constexpr double lock_contended_limit = targets::lock_contended_ratio;
constexpr double fifo_lock_contended_limit = targets::fifo_lock_contended_ratio;

void add_lock_rows(std::vector<TargetRow>& rows, const std::vector<Measurement>& measurements, const char* uncontended,
                   const char* contended, const char* label, Goal uncontended_goal, Goal contended_goal,
                   double contended_limit, std::span<const int> thread_counts) {
  const auto mutex_time = figure(measurements, names::lock_uncontended_std_mutex, Quantity::cpu_ns);
  rows.push_back(ratio_row(fmt::format("{} uncontended lock+unlock, time / std::mutex", label),
                           figure(measurements, uncontended, Quantity::cpu_ns), mutex_time, uncontended_goal,
                           lock_uncontended_limit,
                           "ns", 1.0));
  for (const int threads : thread_counts) {
    rows.push_back(ratio_row(
        fmt::format("{} contended, {} threads, throughput / std::mutex", label, threads),
        figure(measurements, contended, Quantity::counter, threads, {}, "items_per_second"),
        figure(measurements, names::lock_contended_std_mutex, Quantity::counter, threads, {}, "items_per_second"),
        contended_goal, contended_limit, "M ops/s", 1e-6));
  }
}

}  // namespace

std::string TargetRow::verdict() const {
  if (!measured) return "not run";
  if (goal == Goal::none) return "info";
  return targets::verdict(targets::met(goal, *measured, limit));
}

std::string TargetRow::goal_text() const {
  switch (goal) {
    case Goal::at_most: return "<= " + format_value(limit, unit);
    case Goal::below: return "< " + format_value(limit, unit);
    case Goal::at_least: return ">= " + format_value(limit, unit);
    case Goal::none: return {};
  }
  return {};
}

std::vector<TargetRow> target_rows(const std::vector<Measurement>& measurements) {
  std::vector<TargetRow> rows;
  add_lock_rows(rows, measurements, names::lock_uncontended_lock, names::lock_contended_lock, "Lock", Goal::at_most,
                Goal::at_least, lock_contended_limit, names::contended_thread_counts);

  const auto frame = figure(measurements, names::panels_frame, Quantity::real_ns);
  rows.push_back(value_row("UI frame, every panel, CPU time", frame, "ms", 1e-6, Goal::below, targets::panel_frame_cpu_ms,
                           frame ? fmt::format("{} repetitions", frame->repetitions) : std::string()));

  const std::string demo_args = fmt::format("process_threads:{}", names::cpu_sample_demo_threads);
  const auto sample_share = figure(measurements, names::cpu_sample, Quantity::counter, 1, demo_args,
                                   names::cpu_sample_core_percent_counter);
  const auto sample_time = figure(measurements, names::cpu_sample, Quantity::cpu_ns, 1, demo_args);
  rows.push_back(value_row(
      fmt::format("CPU sample at {:g} Hz, {} threads, share of a core", names::cpu_sample_rate_hz,
                  names::cpu_sample_demo_threads),
      sample_share, "%", 1.0, Goal::below, targets::cpu_sample_core_percent,
      sample_time ? fmt::format("{:.1f} us CPU per sample", sample_time->median * 1e-3) : std::string()));

  add_lock_rows(rows, measurements, names::lock_uncontended_fifo_lock, names::lock_contended_fifo_lock, "fifo Lock",
                Goal::none, Goal::at_least, fifo_lock_contended_limit,
                std::span<const int>(&names::fifo_contended_threads, 1));
  rows.push_back(ratio_row("Thread start+join, time / std::thread",
                           figure(measurements, names::thread_start_join_thread, Quantity::real_ns),
                           figure(measurements, names::thread_start_join_std_thread, Quantity::real_ns), Goal::none,
                           0, "us", 1e-3));
  return rows;
}

void print_targets(std::FILE* out, const std::vector<TargetRow>& rows) {
  std::size_t what_width = 6;
  for (const TargetRow& row : rows) what_width = std::max(what_width, row.what.size());
  fmt::print(out, "\nTargets (medians over the repetitions of this run; noise: (max - min) / median of the inputs)\n");
  fmt::print(out, "{:<{}}  {:>10}  {:>10}  {:>6}  {:<7}  {}\n", "Figure", what_width, "Measured", "Goal", "Noise",
             "Verdict", "Detail");
  for (const TargetRow& row : rows) {
    const std::string measured = row.measured ? format_value(*row.measured, row.unit) : "-";
    const std::string noise = row.measured ? fmt::format("{:.0f}%", 100.0 * row.spread) : "-";
    fmt::print(out, "{:<{}}  {:>10}  {:>10}  {:>6}  {:<7}  {}\n", row.what, what_width, measured, row.goal_text(),
               noise, row.verdict(), row.detail);
  }
}

}  // namespace threadlab::bench
