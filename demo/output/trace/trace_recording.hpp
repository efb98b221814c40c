#pragma once
// What a trace holds, before it is written as Chrome Trace Event JSON
// (trace_json.hpp): every thread of the process, each threading Thread's
// recorded states, the render thread's frames, the CPU samples (per core,
// per thread, the process's split) and the moments worth a marker. Times
// are steady_clock nanoseconds, as everywhere in the Lab.

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "threadlab/diagnostics/thread_timeline.hpp"
#include "threadlab/measurement/cpu_monitor.hpp"

namespace threadlab::app {

// In the order the trace sorts them: the render thread first, then the
// threads doing the work, the Lab's helpers (daemon Threads), and last the
// threads threading did not start (the GL driver's).
enum class TraceThreadKind { render, worker, helper, foreign };

struct TraceThread {
  std::int64_t tid = 0;
  std::string name;
  TraceThreadKind kind = TraceThreadKind::worker;
  std::uint64_t order = 0;  // first seen, within its kind
};

struct TraceFrame {
  std::int64_t at_ns = 0;  // the frame's start
  std::uint64_t number = 0;
};

struct TraceThreadCpu {
  std::int64_t tid = 0;
  float on_core_percent = 0;            // of the interval
  float waiting_for_core_percent = 0;   // runnable, on a run queue
};

// One CPU sample interval.
struct TraceCpuSample {
  std::int64_t begin_ns = 0, end_ns = 0;
  std::vector<float> core_load_percent;
  ProcessCpuSplit split;  // % of one core
  std::vector<TraceThreadCpu> threads;
};

// A moment with its text: a lock-order report, a deadlock found or broken,
// a mode switch, a cancelled job.
struct TraceInstant {
  std::int64_t at_ns = 0;
  std::int64_t tid = 0;  // 0: the whole process
  std::string category;  // "lock-order", "deadlock", "mode", "cancellation", ...
  std::string name;
  std::string text;
};

struct TraceRecording {
  std::string title;  // what ran: "threadlab --mode multi", "scenario deadlock", ...
  std::int64_t pid = 0;
  std::int64_t render_tid = 0;
  std::int64_t begin_ns = 0, end_ns = 0;  // what the trace covers
  std::vector<TraceThread> threads;
  std::deque<TimelineSegment> segments;  // each thread's in time order
  std::deque<TraceFrame> frames;         // the render thread's
  std::deque<TraceCpuSample> cpu;
  std::deque<TraceInstant> instants;
  // History older than this was dropped to keep the trace bounded (0: none).
  std::int64_t dropped_before_ns = 0;
  std::uint64_t dropped_items = 0;
};

}  // namespace threadlab::app
