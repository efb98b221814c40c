#include "threadlab/measurement/frame_stats.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace threadlab {
namespace {

// The session keeps every sample up to this many: over an hour of frames at
// 60 Hz, or 43 minutes of probe pings every 10 ms, in 2 MiB. Past it the
// session figures describe the first kSessionCapacity samples, except the
// maximum, which keeps following every sample so no freeze goes unnoticed.
constexpr std::size_t kSessionCapacity = std::size_t{1} << 18;

// Nearest rank: the smallest value with at least q of all values at or
// below it, i.e. rank ceil(q * n), counted from 1.
std::size_t nearest_rank_index(std::size_t count, double q) {
  if (!(q > 0)) return 0;  // also catches NaN
  if (q >= 1) return count - 1;
  // q * n is computed inexactly (0.07 * 100 is 7.000000000000001): without
  // the tolerance such products would round up to the next rank.
  const double rank = std::ceil(q * static_cast<double>(count) - 1e-9);
  return static_cast<std::size_t>(std::clamp(rank, 1.0, static_cast<double>(count))) - 1;
}

LatencySummary summarise_sorted(const std::vector<double>& sorted, Millis threshold) {
  LatencySummary summary;
  summary.count = sorted.size();
  if (sorted.empty()) return summary;
  summary.p50_ms = sorted[nearest_rank_index(sorted.size(), 0.50)];
  summary.p99_ms = sorted[nearest_rank_index(sorted.size(), 0.99)];
  summary.max_ms = sorted.back();
  summary.mean_ms =
      std::reduce(sorted.begin(), sorted.end(), 0.0) / static_cast<double>(sorted.size());
  const auto first_over = std::upper_bound(sorted.begin(), sorted.end(), threshold.count());
  summary.over_threshold = static_cast<std::size_t>(sorted.end() - first_over);
  return summary;
}

}  // namespace

double percentile(std::vector<double> values, double q) {
  std::erase_if(values, [](double v) { return std::isnan(v); });
  if (values.empty()) return 0.0;
  const auto nth =
      values.begin() + static_cast<std::ptrdiff_t>(nearest_rank_index(values.size(), q));
  std::nth_element(values.begin(), nth, values.end());
  return *nth;
}

double mean_of(const std::vector<double>& values) {
  return values.empty() ? 0.0 : std::accumulate(values.begin(), values.end(), 0.0) / double(values.size());
}

double median_of(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const std::size_t middle = values.size() / 2;
  return values.size() % 2 ? values[middle] : 0.5 * (values[middle - 1] + values[middle]);
}

LatencyRecorder::LatencyRecorder(Clock::duration window) : window_length_(window) {}

void LatencyRecorder::add(Clock::time_point at, Millis value) {
  const double ms = value.count();
  if (!std::isfinite(ms)) return;  // one bad measurement must not poison every figure

  window_.emplace_back(at, ms);
  trim(at);

  session_max_ms_ = std::max(session_max_ms_, ms);
  // Kept sorted, so a summary (asked for every frame) costs no sort; the
  // insertion moves at most the samples above this one.
  if (session_.size() < kSessionCapacity) {
    if (session_.capacity() == 0) session_.reserve(4096);
    session_.insert(std::upper_bound(session_.begin(), session_.end(), ms), ms);
  }
}

void LatencyRecorder::clear() {
  window_.clear();
  session_.clear();
  session_max_ms_ = 0;
}

std::vector<float> LatencyRecorder::window_values() const {
  std::vector<float> values;
  values.reserve(window_.size());
  for (const auto& [at, ms] : window_) values.push_back(static_cast<float>(ms));
  return values;
}

LatencySummary LatencyRecorder::summary(Millis threshold) const {
  LatencySummary result = summarise_sorted(session_, threshold);
  result.max_ms = session_max_ms_;
  return result;
}

LatencySummary LatencyRecorder::window_summary(Millis threshold) const {
  std::vector<double> sorted;
  sorted.reserve(window_.size());
  for (const auto& [at, ms] : window_) sorted.push_back(ms);
  std::sort(sorted.begin(), sorted.end());
  return summarise_sorted(sorted, threshold);
}

// The window is [now - length, now]: a sample exactly one window old stays.
void LatencyRecorder::trim(Clock::time_point now) {
  const Clock::time_point oldest_kept = now - window_length_;
  while (!window_.empty() && window_.front().first < oldest_kept) window_.pop_front();
}

}  // namespace threadlab
