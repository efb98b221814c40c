#pragma once
// The kernel's CPU-time clocks: how much CPU this process, or one of its
// threads, has used, to the nanosecond. Unlike /proc's tick counts (100 a
// second), they count the slice running right now.

#include <chrono>
#include <cstdint>
#include <optional>

namespace threadlab {

// CPU time used so far by every thread of this process, ended ones included
// (CLOCK_PROCESS_CPUTIME_ID).
std::chrono::nanoseconds process_cpu_time();

// CPU time used so far by the calling thread (CLOCK_THREAD_CPUTIME_ID): a
// measurement charged only for the time it ran, not for the time other
// processes held the core.
std::chrono::nanoseconds current_thread_cpu_time();

// The CPU-time clock of thread `tid` of this process, in nanoseconds;
// nullopt when the thread has ended.
std::optional<std::uint64_t> thread_cpu_time_ns(std::int64_t tid);

}  // namespace threadlab
