#pragma once
// The benchmark's speedup: the window's opening Mandelbrot job alone, timed
// on 1..N workers and oversubscribed (threadlab/job_timing.hpp), the window
// open but not drawing.

#include <functional>
#include <optional>
#include <vector>

#include "threadlab/workloads/mandelbrot.hpp"

namespace threadlab::app {

inline constexpr int speedup_repetitions = 5;

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
                                                         const std::function<bool()>& keep_going);

}  // namespace threadlab::app
