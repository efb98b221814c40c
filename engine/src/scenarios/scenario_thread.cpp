#include "scenario_thread.hpp"

#include <algorithm>

#include "threadlab/measurement/clock.hpp"

namespace threadlab::detail {

void ThreadTally::begin_wait(std::chrono::steady_clock::time_point now) {
  waiting_since_ns.store(std::chrono::duration_cast<std::chrono::nanoseconds>(now.time_since_epoch()).count(),
                         std::memory_order_relaxed);
}

std::chrono::nanoseconds ThreadTally::end_wait(std::chrono::steady_clock::time_point now) {
  const std::int64_t began = waiting_since_ns.load(std::memory_order_relaxed);
  waiting_since_ns.store(0, std::memory_order_relaxed);
  const std::int64_t waited =
      std::chrono::duration_cast<std::chrono::nanoseconds>(now.time_since_epoch()).count() - began;
  total_wait_ns.store(total_wait_ns.load(std::memory_order_relaxed) + waited, std::memory_order_relaxed);
  if (waited > max_wait_ns.load(std::memory_order_relaxed)) max_wait_ns.store(waited, std::memory_order_relaxed);
  return std::chrono::nanoseconds(waited);
}

ScenarioThreadRow ThreadTally::row(const Thread& thread, std::string role,
                                   std::chrono::steady_clock::time_point now) const {
  ScenarioThreadRow out;
  out.name = thread.name();
  out.role = std::move(role);
  out.native_id = thread.native_id();
  out.alive = thread.is_alive();
  out.acquisitions = acquisitions.load(std::memory_order_relaxed);
  out.work_done = work_done.load(std::memory_order_relaxed);
  out.total_wait_ms = to_ms(std::chrono::nanoseconds(total_wait_ns.load(std::memory_order_relaxed)));
  out.max_wait_ms = to_ms(std::chrono::nanoseconds(max_wait_ns.load(std::memory_order_relaxed)));
  if (const std::int64_t since = waiting_since_ns.load(std::memory_order_relaxed); since != 0) {
    const auto waiting = std::chrono::nanoseconds(
        std::chrono::duration_cast<std::chrono::nanoseconds>(now.time_since_epoch()).count() - since);
    out.current_wait_ms = to_ms(waiting);
    // A starving thread's wait counts while it lasts, in its longest wait and
    // in its total alike, so that the longest is never more than the total.
    out.max_wait_ms = std::max(out.max_wait_ms, out.current_wait_ms);
    out.total_wait_ms += out.current_wait_ms;
  }
  return out;
}

}  // namespace threadlab::detail
