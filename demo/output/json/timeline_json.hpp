#pragma once
// The timeline's figures in the stats JSON: per thread (lane), the time in
// each state over the recorded window, and the cancellation latencies of
// zooms, pans, restarts and mode switches.

#include <nlohmann/json.hpp>

#include <vector>

#include "threadlab/measurement/cancellation_latency.hpp"
#include "threadlab/diagnostics/thread_timeline.hpp"

namespace threadlab::app {

// {"window_s", "lanes": [{"name", "render", "threads", "state_ms": {...}, ...}]}
nlohmann::ordered_json timeline_totals_json(const TimelineSnapshot& timeline);

// {"count", "stop_median_ms", ..., "by_cause": {...}, "latest": [...]}
nlohmann::ordered_json cancellation_json(const std::vector<CancellationLatency>& latencies);

}  // namespace threadlab::app
