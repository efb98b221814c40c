#pragma once
// The calling thread's CPU time (user + system). A frame or a sample is
// charged only for the time it ran, not for the time other processes held
// the core: the figure stays meaningful on a busy two-core machine.

#include <time.h>

#include <chrono>

namespace threadlab::bench {

inline std::chrono::nanoseconds thread_cpu_time() {
  timespec now{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return std::chrono::seconds(now.tv_sec) + std::chrono::nanoseconds(now.tv_nsec);
}

}  // namespace threadlab::bench
