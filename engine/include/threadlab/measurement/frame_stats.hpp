#pragma once
// Frame-time and latency statistics: a rolling window for graphs plus
// whole-session figures (p50 / p99 / max, frames over a threshold, longest
// freeze). Used for the render thread's frames and for the probe's pings.

#include <chrono>
#include <cstddef>
#include <deque>
#include <vector>

#include "clock.hpp"

namespace threadlab {

// Nearest-rank percentile (q in [0, 1]) of unsorted values; 0 when empty.
double percentile(std::vector<double> values, double q);
// The arithmetic mean; 0 when empty.
double mean_of(const std::vector<double>& values);
// The middle value (the mean of the two middle ones for an even count); 0 when empty.
double median_of(std::vector<double> values);

struct LatencySummary {
  std::size_t count = 0;
  double p50_ms = 0, p99_ms = 0, max_ms = 0, mean_ms = 0;
  std::size_t over_threshold = 0;  // samples above the threshold given to summary()
};

// Samples in milliseconds stamped with when they ended. Not thread-safe:
// one owner (the render thread, or under the probe's own mutex).
class LatencyRecorder {
 public:
  explicit LatencyRecorder(Clock::duration window = std::chrono::seconds(10));

  void add(Clock::time_point at, Millis value);
  void clear();

  // Samples inside the rolling window, oldest first.
  const std::deque<std::pair<Clock::time_point, double>>& window() const { return window_; }
  std::vector<float> window_values() const;

  // Whole session since the last clear().
  LatencySummary summary(Millis threshold = Millis{50}) const;
  // Rolling window only.
  LatencySummary window_summary(Millis threshold = Millis{50}) const;
  double session_max_ms() const { return session_max_ms_; }

 private:
  void trim(Clock::time_point now);

  Clock::duration window_length_;
  std::deque<std::pair<Clock::time_point, double>> window_;
  std::vector<double> session_;
  double session_max_ms_ = 0;
};

}  // namespace threadlab
