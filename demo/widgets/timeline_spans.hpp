#pragma once
// A lane's segments turned into whole-pixel spans to draw, so that a lane
// costs at most a rectangle or two per pixel column however many thousand
// segments it holds. Each pixel column takes the state that filled most of
// its time (a thread that waits 1 % of the time does not look blocked when
// zoomed out); Lock waits that lost their pixel to a longer state are kept
// as marks, so that no wait vanishes. Shared by the Timeline panel and the
// comparison picture.

#include <cstdint>
#include <vector>

#include "threadlab/diagnostics/thread_timeline.hpp"

namespace threadlab::ui {

struct PixelSpan {
  int x0 = 0, x1 = 0;  // pixel columns [x0, x1), relative to the lane's left edge
  TimelineState state = TimelineState::running;
  friend bool operator==(const PixelSpan&, const PixelSpan&) = default;
};

struct LaneSpans {
  std::vector<PixelSpan> spans;       // in order, never overlapping; adjacent ones differ in state
  std::vector<PixelSpan> short_waits; // runs of columns holding a Lock wait that is not their main state
};

// Time `begin_ns` is pixel 0; `ns_per_pixel` > 0; `width` pixels in all.
LaneSpans pixel_spans(const std::vector<TimelineSegment>& segments, std::int64_t begin_ns, double ns_per_pixel,
                      int width);

}  // namespace threadlab::ui
