#pragma once
// A global interpreter lock, simulated the way CPython's "new GIL" (3.2+)
// works, on top of an instrumented threadlab::Lock named "GIL".
//
// A worker computes only while it holds the GIL. A thread that wants the GIL
// waits up to one switch interval (sys.setswitchinterval, 5 ms by default);
// if in that time nobody else got it, it sets a drop request. The holder
// checks for the request between small pieces of work (CPython's eval loop
// does, between bytecodes): it releases the GIL, waits until another thread
// has taken it, and only then queues for it again. Without that forced
// switch a barging Lock would be re-taken by its releaser at once and the
// waiters would starve; with it, threads take turns, so adding threads adds
// no throughput.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>

#include "lock.hpp"

namespace threadlab {

class Gil {
 public:
  using Interval = std::chrono::duration<double>;
  static constexpr Interval default_switch_interval{0.005};

  // Throws std::invalid_argument unless switch_interval is positive.
  explicit Gil(Interval switch_interval = default_switch_interval, std::string lock_name = "GIL");
  Gil(const Gil&) = delete;
  Gil& operator=(const Gil&) = delete;

  // Blocks until the calling thread holds the GIL, asking the holder to drop
  // it after every switch interval of waiting. Returns false (not holding)
  // only when the calling engine Thread is asked to stop, as Lock::acquire.
  bool acquire();
  void release();

  // The eval loop's check, for the holder between pieces of work: when
  // another thread asked for the GIL, hands it over, waits until that thread
  // has taken it (at most one switch interval, in case it gave up), and
  // takes it back. Returns whether the caller holds the GIL afterwards (false
  // only when its engine Thread is asked to stop while queueing again).
  bool yield_if_requested();

  bool drop_requested() const noexcept { return drop_request_.load(std::memory_order_relaxed); }
  Interval switch_interval() const noexcept { return switch_interval_; }
  // Times the GIL was taken (CPython's switch_number).
  std::uint64_t takes() const noexcept { return takes_.load(std::memory_order_relaxed); }
  // Times a holder handed the GIL over because of a drop request.
  std::uint64_t forced_switches() const noexcept { return forced_switches_.load(std::memory_order_relaxed); }

  const Lock& lock() const noexcept { return lock_; }
  LockStats stats() const { return lock_.stats(); }

 private:
  const Interval switch_interval_;
  Lock lock_;
  std::atomic<bool> drop_request_{false};
  std::atomic<std::uint64_t> takes_{0};
  std::atomic<std::uint64_t> forced_switches_{0};

  // CPython's switch_cond: a dropping holder waits here for someone else to take over.
  std::mutex switch_mutex_;
  std::condition_variable_any switched_;
  std::int64_t last_holder_ = 0;  // kernel TID, guarded by switch_mutex_
};

}  // namespace threadlab
