#pragma once
// Keeps a session's history for a trace, beyond the engine's 10 s rings:
// whoever runs the session hands it each timeline snapshot and the CPU
// samples as they come (at least every few seconds, on one thread: it has
// no lock and starts no thread), and it keeps every closed state segment,
// frame, sample and marker, within a byte budget. Past the budget the
// oldest history goes first, and the trace says from when it is whole.

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "output/trace/trace_recording.hpp"

namespace threadlab::app {

// The written trace stays under 50 MB: the budget counts what each kept
// item costs as JSON, with room for the estimate's error.
inline constexpr std::size_t default_trace_budget_bytes = 36u << 20;

class TraceRecorder {
 public:
  // keep: how much history to keep at most (none: all the budget holds);
  // a window that only saves the last 30 s keeps 30 s.
  explicit TraceRecorder(std::string title, std::size_t budget_bytes = default_trace_budget_bytes,
                         std::optional<std::chrono::nanoseconds> keep = std::nullopt);

  // Every state segment that has closed since the last call, and the
  // frames; each thread's open segment waits until it closes (or take()).
  void add_timeline(const TimelineSnapshot& timeline, std::int64_t render_tid);
  // Samples newer than the newest added; a thread no timeline named is one
  // threading did not start (named by its kernel name and role).
  void add_cpu_samples(const std::vector<CpuSample>& samples);
  void add_instant(TraceInstant instant);

  // When the newest sample added was taken (the epoch: none yet).
  std::chrono::steady_clock::time_point newest_cpu_sample() const { return newest_sample_; }
  std::int64_t render_tid() const { return recording_.render_tid; }
  std::size_t estimated_bytes() const { return bytes_; }

  // What is kept, open segments included; `last`: only the last so long.
  TraceRecording take(std::optional<std::chrono::nanoseconds> last = std::nullopt) const;

 private:
  void name_thread(std::int64_t tid, const std::string& name, TraceThreadKind kind);
  void commit(const TimelineSegment& segment);
  void extend(std::int64_t begin_ns, std::int64_t end_ns);
  void trim();

  TraceRecording recording_;
  std::size_t budget_;
  std::optional<std::chrono::nanoseconds> keep_;
  std::size_t bytes_ = 0;
  std::unordered_map<std::int64_t, std::size_t> thread_index_;
  std::unordered_map<std::int64_t, std::int64_t> committed_to_;     // per thread: its segments end here
  std::unordered_map<std::int64_t, TimelineSegment> open_segment_;  // per thread: not closed yet
  std::int64_t newest_frame_ns_ = 0;
  std::uint64_t frame_number_ = 0;
  std::uint64_t kind_counts_[4] = {};
  std::chrono::steady_clock::time_point newest_sample_{};
};

// What a kept item costs in the written trace, bytes (an estimate).
std::size_t trace_cost(const TimelineSegment& segment);
std::size_t trace_cost(const TraceCpuSample& sample);
std::size_t trace_cost(const TraceInstant& instant);
inline constexpr std::size_t trace_frame_cost = 130;

}  // namespace threadlab::app
