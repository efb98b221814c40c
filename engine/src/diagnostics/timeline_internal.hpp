#pragma once
// The recording side of thread_timeline.hpp, for the engine's own hooks
// (lock.cpp, registry.cpp, event.cpp, lab.cpp). Each call appends to the
// calling thread's own rings: only that thread may pass its record.

#include <cstdint>
#include <memory>
#include <vector>

#include "threading/registry_internal.hpp"
#include "threadlab/diagnostics/thread_timeline.hpp"

namespace threadlab::detail {

// `at_ns`: when, in steady_clock ns, read by the caller where it reads the
// clock anyway. failed_wait: this state ends a Lock wait that gave up
// (timeout or stop) instead of taking the Lock.
void timeline_record_state(ThreadRecord& record, TimelineState state, std::int64_t at_ns,
                           std::uint64_t lock_id = 0, std::int64_t holder_tid = 0, bool failed_wait = false);
void timeline_record_mark(ThreadRecord& record, std::int64_t at_ns, bool frame);

// A thread that has ended: its history stays readable for timeline_history.
void timeline_keep_finished(std::shared_ptr<ThreadRecord> record);

// The registry's alive records (registry.cpp).
std::vector<std::shared_ptr<ThreadRecord>> alive_records();

}  // namespace threadlab::detail
