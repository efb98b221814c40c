#pragma once
// The calling thread's time spent runnable but waiting for a core (the
// second field of /proc/self/task/TID/schedstat), read through a descriptor
// opened once: a few microseconds a read. A scenario subtracts it from a
// wait to tell waiting for a Lock from waiting for a core.

#include <chrono>
#include <optional>

namespace threadlab::detail {

class RunQueueClock {
 public:
  RunQueueClock();  // on the thread it measures
  ~RunQueueClock();
  RunQueueClock(const RunQueueClock&) = delete;
  RunQueueClock& operator=(const RunQueueClock&) = delete;

  // The thread's run-queue time so far; nullopt when the kernel keeps none.
  std::optional<std::chrono::nanoseconds> waited() const;

 private:
  int fd_ = -1;
};

}  // namespace threadlab::detail
