#include "threadlab/measurement/cpu_clock.hpp"

#include <time.h>

namespace threadlab {

namespace {

std::chrono::nanoseconds read_clock(clockid_t clock) {
  timespec now{};
  if (::clock_gettime(clock, &now) != 0) return std::chrono::nanoseconds(0);
  return std::chrono::seconds(now.tv_sec) + std::chrono::nanoseconds(now.tv_nsec);
}

}  // namespace

std::chrono::nanoseconds process_cpu_time() { return read_clock(CLOCK_PROCESS_CPUTIME_ID); }

std::chrono::nanoseconds current_thread_cpu_time() { return read_clock(CLOCK_THREAD_CPUTIME_ID); }

// The clock as glibc's pthread_getcpuclockid builds it (kernel ABI:
// CPUCLOCK_PERTHREAD_MASK 4, CPUCLOCK_SCHED 2). Unlike schedstat, which the
// kernel brings up to date only at ticks and context switches (up to one
// tick, 4 ms, behind for a busy thread: 4 % of a 100 ms sample), reading the
// clock counts the slice running right now.
std::optional<std::uint64_t> thread_cpu_time_ns(std::int64_t tid) {
  const clockid_t clock = static_cast<clockid_t>((~static_cast<clockid_t>(tid) << 3) | 4 | 2);
  timespec now{};
  if (::clock_gettime(clock, &now) != 0) return std::nullopt;
  return static_cast<std::uint64_t>(now.tv_sec) * 1'000'000'000u + static_cast<std::uint64_t>(now.tv_nsec);
}

}  // namespace threadlab
