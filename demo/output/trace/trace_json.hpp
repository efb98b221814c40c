#pragma once
// A recording as Chrome Trace Event JSON, the format Perfetto
// (ui.perfetto.dev) and chrome://tracing open: {"traceEvents": [...]}.
//
// One process; each thread named ("M" thread_name) and sorted
// (thread_sort_index: the render thread, the workers, the Lab's helpers,
// then the threads threading did not start). On each threading thread its
// recorded states as "X" slices (running, blocked on Lock L, waiting on an
// Event or sleeping; the render thread's whole job), a Lock wait's args
// naming the Lock, who held it as the wait began and who let it go, and a
// flow arrow ("s" -> "f") from the thread that released the Lock to the
// waiter it woke. The render thread's frames are slices ("frame N") with
// its other states nested inside. Counters ("C"): load per core, the
// process's CPU split, and each thread's share of each 100 ms sample on a
// core and waiting for one; a thread threading did not start shows those
// shares as slices. Markers ("i"): lock-order reports, deadlocks found and
// broken, mode switches, cancelled jobs. Times are microseconds from the
// start of the trace, to the nanosecond.

#include <filesystem>
#include <string>

#include "output/trace/trace_recording.hpp"

namespace threadlab::app {

std::string trace_json_text(const TraceRecording& recording);

// Atomically (output/atomic_file.hpp); throws std::runtime_error.
void write_trace_file(const std::filesystem::path& file, const TraceRecording& recording);

}  // namespace threadlab::app
