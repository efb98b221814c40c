#pragma once
// How fast a cancel lands: for each zoom, pan, restart or mode switch that
// replaces a running job, the time from the request to every worker of the
// old job stopped (joined), and to the first tile of the new job taken for
// the screen. Workers check for a stop between tiles (MandelbrotJob::work),
// so the stop waits for at most the tile each worker is rendering.

#include <chrono>
#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <vector>

namespace threadlab {

struct CancellationLatency {
  std::string cause;  // "zoom", "pan", "view reset", "restart", "mode switch", "settings"
  std::string mode;   // the new job's mode: "single" or "multi"
  int workers_stopped = 0;
  double stop_ms = 0;                   // request -> every old worker joined
  std::optional<double> first_tile_ms;  // request -> first new tile taken for the screen (none yet)
};

// Summary of the latencies of one cause (or all), milliseconds.
struct CancellationSummary {
  std::size_t count = 0;
  double stop_median_ms = 0, stop_max_ms = 0;
  std::size_t first_tile_count = 0;
  double first_tile_median_ms = 0, first_tile_max_ms = 0;
};

// Used by the render thread only (the Lab's methods), so it has no lock.
class CancellationTracker {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::size_t kept = 64;

  // A request that replaces a running job: call requested() before the old
  // job is stopped, stopped() once its workers are joined.
  void requested(std::string cause, std::string mode, Clock::time_point at);
  void stopped(Clock::time_point at, int workers);
  // Tiles of the new job reached the UI (the first call after a request counts).
  void tiles_taken(Clock::time_point at);

  std::vector<CancellationLatency> history() const { return {history_.begin(), history_.end()}; }

 private:
  std::deque<CancellationLatency> history_;  // oldest first
  std::optional<Clock::time_point> pending_since_;  // request of the newest entry, until stopped()
  std::optional<Clock::time_point> awaiting_tile_since_;
};

CancellationSummary summarize(const std::vector<CancellationLatency>& latencies, const std::string& cause = {});

}  // namespace threadlab
