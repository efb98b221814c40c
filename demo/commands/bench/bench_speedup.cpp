#include "commands/bench/bench_speedup.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <memory>

#include "commands/bench/bench_lines.hpp"
#include "threadlab/measurement/frame_stats.hpp"
#include "threadlab/measurement/job_timing.hpp"

namespace threadlab::app {

std::optional<std::vector<SpeedupPoint>> measure_speedup(const MandelbrotView& view, int width, int height, int cores,
                                                         const std::function<bool()>& keep_going) {
  std::vector<SpeedupPoint> points;
  for (int workers = 1; workers <= cores; ++workers) points.push_back({workers, {}, 0, 0, 0, 0});
  points.push_back({2 * cores, {}, 0, 0, 0, 0});  // oversubscribed: more workers than cores

  ProgressLines progress = bench_progress("speedup");
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

}  // namespace threadlab::app
