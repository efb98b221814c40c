#include "timeline_spans.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace threadlab::ui {

namespace {

constexpr std::size_t state_count = static_cast<std::size_t>(TimelineState::finished) + 1;
using Shares = std::array<double, state_count>;  // pixels of each state in one column

void extend(std::vector<PixelSpan>& spans, int x, TimelineState state) {
  if (!spans.empty() && spans.back().state == state && spans.back().x1 == x) {
    ++spans.back().x1;
    return;
  }
  spans.push_back({x, x + 1, state});
}

}  // namespace

LaneSpans pixel_spans(const std::vector<TimelineSegment>& segments, std::int64_t begin_ns, double ns_per_pixel,
                      int width) {
  LaneSpans out;
  if (width <= 0 || ns_per_pixel <= 0.0) return out;
  std::vector<Shares> columns(static_cast<std::size_t>(width), Shares{});
  std::vector<bool> covered(static_cast<std::size_t>(width), false);
  for (const TimelineSegment& segment : segments) {
    if (segment.state == TimelineState::finished) continue;
    const double from = std::max(0.0, double(segment.begin_ns - begin_ns) / ns_per_pixel);
    const double to = std::min(double(width), double(segment.end_ns - begin_ns) / ns_per_pixel);
    if (to <= from) {
      // Shorter than the clock's resolution, or outside: a wait still counts in its column.
      if (segment.state == TimelineState::lock_wait && from < width && to >= 0.0) {
        const auto x = static_cast<std::size_t>(std::clamp(from, 0.0, double(width - 1)));
        columns[x][static_cast<std::size_t>(segment.state)] += 1e-9;
        covered[x] = true;
      }
      continue;
    }
    const auto state = static_cast<std::size_t>(segment.state);
    for (int x = static_cast<int>(std::floor(from)); x < width && x < to; ++x) {
      const double share = std::min(to, double(x + 1)) - std::max(from, double(x));
      columns[static_cast<std::size_t>(x)][state] += std::max(share, 1e-9);
      covered[static_cast<std::size_t>(x)] = true;
    }
  }
  const auto wait = static_cast<std::size_t>(TimelineState::lock_wait);
  for (int x = 0; x < width; ++x) {
    const auto column = static_cast<std::size_t>(x);
    if (!covered[column]) continue;
    const Shares& shares = columns[column];
    const auto main = static_cast<std::size_t>(std::max_element(shares.begin(), shares.end()) - shares.begin());
    extend(out.spans, x, static_cast<TimelineState>(main));
    if (main != wait && shares[wait] > 0.0) extend(out.short_waits, x, TimelineState::lock_wait);
  }
  return out;
}

}  // namespace threadlab::ui
