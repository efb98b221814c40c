#include "threadlab/measurement/cancellation_latency.hpp"

#include <algorithm>

namespace threadlab {
namespace {

double ms_between(CancellationTracker::Clock::time_point from, CancellationTracker::Clock::time_point to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}

double median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const std::size_t middle = values.size() / 2;
  return values.size() % 2 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

}  // namespace

void CancellationTracker::requested(std::string cause, std::string mode, Clock::time_point at) {
  CancellationLatency entry;
  entry.cause = std::move(cause);
  entry.mode = std::move(mode);
  history_.push_back(std::move(entry));
  if (history_.size() > kept) history_.pop_front();
  pending_since_ = at;
  awaiting_tile_since_ = at;  // a newer request supersedes the previous one's wait for a tile
}

void CancellationTracker::stopped(Clock::time_point at, int workers) {
  if (!pending_since_ || history_.empty()) return;
  history_.back().stop_ms = ms_between(*pending_since_, at);
  history_.back().workers_stopped = workers;
  pending_since_.reset();
}

void CancellationTracker::tiles_taken(Clock::time_point at) {
  if (!awaiting_tile_since_ || history_.empty()) return;
  history_.back().first_tile_ms = ms_between(*awaiting_tile_since_, at);
  awaiting_tile_since_.reset();
}

CancellationSummary summarize(const std::vector<CancellationLatency>& latencies, const std::string& cause) {
  CancellationSummary out;
  std::vector<double> stops, tiles;
  for (const auto& latency : latencies) {
    if (!cause.empty() && latency.cause != cause) continue;
    stops.push_back(latency.stop_ms);
    if (latency.first_tile_ms) tiles.push_back(*latency.first_tile_ms);
  }
  out.count = stops.size();
  out.first_tile_count = tiles.size();
  if (!stops.empty()) out.stop_max_ms = *std::max_element(stops.begin(), stops.end());
  if (!tiles.empty()) out.first_tile_max_ms = *std::max_element(tiles.begin(), tiles.end());
  out.stop_median_ms = median(std::move(stops));
  out.first_tile_median_ms = median(std::move(tiles));
  return out;
}

}  // namespace threadlab
