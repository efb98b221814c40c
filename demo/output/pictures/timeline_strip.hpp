#pragma once
// The Timeline drawn into the comparison picture (side_by_side.png): the
// same lanes and colours as the window's Timeline panel, for the last
// seconds of a run, so that the two modes sit on one time scale.

#include "image.hpp"
#include "threadlab/diagnostics/thread_timeline.hpp"

namespace threadlab::app {

inline constexpr int timeline_strip_lane_height = 24;
inline constexpr int timeline_strip_most_lanes = 8;

// Lanes shown: those with anything in the last `window_s` seconds, at most
// timeline_strip_most_lanes (the render thread first).
int timeline_strip_height(const TimelineSnapshot& timeline, double window_s);

// Draws the last `window_s` seconds of `timeline` at (x, y), `width` wide,
// with a title, a time axis and a legend; returns the height used.
int draw_timeline_strip(Image& canvas, int x, int y, int width, const TimelineSnapshot& timeline, double window_s);

}  // namespace threadlab::app
