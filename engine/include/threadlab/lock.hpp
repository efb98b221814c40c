#pragma once
// Python's threading.Lock, instrumented. Every Lock keeps statistics that the
// UI reads through all_locks(): who holds it, who waits, how long.
//
// Cost model (after Tracy): the uncontended path is one compare-exchange plus
// relaxed counter updates and reads no clock; only a thread that has to wait
// reads the clock, and only around its wait.

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace threadlab {

// fifo: waiters are served in arrival order (release hands the Lock to the
// longest waiter), so a greedy thread that re-acquires at once cannot starve
// the others: the cure in the starvation scenario. barging: like Python's
// Lock, whoever tries first when it is free wins.
enum class LockPolicy { barging, fifo };

// Bucket i counts waits in [2^i, 2^(i+1)) microseconds; bucket 0 also holds
// waits under 1 us, the last bucket everything longer.
inline constexpr std::size_t wait_histogram_buckets = 24;

struct LockStats {
  std::uint64_t id = 0;
  std::string name;
  LockPolicy policy = LockPolicy::barging;
  std::uint64_t acquisitions = 0;            // successful acquires
  std::uint64_t contended_acquisitions = 0;  // successful acquires that had to wait
  std::uint64_t failed_tries = 0;            // non-blocking or timed-out acquires that failed
  std::chrono::nanoseconds total_wait{0};
  std::chrono::nanoseconds max_wait{0};
  std::chrono::nanoseconds total_hold{0};  // timed on holds that began with a wait (see hold_samples)
  std::uint64_t hold_samples = 0;          // holds that total_hold covers
  std::array<std::uint64_t, wait_histogram_buckets> wait_histogram{};
  bool locked = false;
  std::int64_t holder_native_id = 0;  // kernel TID of the holder, 0 when free
  std::string holder_name;            // that thread's name, when the registry knows it
  std::uint32_t waiters = 0;          // threads blocked in acquire() right now

  double contended_fraction() const {
    return acquisitions ? double(contended_acquisitions) / double(acquisitions) : 0.0;
  }
  std::chrono::nanoseconds mean_wait() const {
    return contended_acquisitions ? total_wait / static_cast<std::int64_t>(contended_acquisitions)
                                  : std::chrono::nanoseconds{0};
  }
  // Upper edge of the histogram bucket holding the given quantile of waits.
  std::chrono::nanoseconds wait_quantile(double q) const;
};

class Lock {
 public:
  using Timeout = std::optional<std::chrono::duration<double>>;

  explicit Lock(std::string name = {}, LockPolicy policy = LockPolicy::barging);
  ~Lock();
  Lock(const Lock&) = delete;
  Lock& operator=(const Lock&) = delete;

  // Python's Lock.acquire(blocking=True, timeout=-1). Returns whether the
  // lock was acquired. blocking=false with a timeout throws
  // std::invalid_argument("can't specify a timeout for a non-blocking call").
  // A blocking acquire on an engine Thread whose stop was requested returns false.
  // Two overloads, not one with a defaulted Timeout: passing the 16-byte
  // optional by value costs the uncontended path a store-forwarding stall.
  bool acquire(bool blocking = true);
  bool acquire(bool blocking, Timeout timeout);

  // Any thread may release, as in Python. Throws
  // std::runtime_error("release unlocked lock") when not locked.
  void release();

  bool locked() const noexcept { return held_.load(std::memory_order_relaxed); }

  const std::string& name() const noexcept { return name_; }
  std::uint64_t id() const noexcept { return id_; }
  LockPolicy policy() const noexcept { return policy_; }
  LockStats stats() const;
  void reset_stats();

  // BasicLockable / Lockable, so std::lock_guard and std::unique_lock work.
  // Unlike acquire(), lock() waits through a stop request: a guard that
  // returned without the Lock would release someone else's.
  void lock();
  bool try_lock() { return acquire(false); }
  void unlock() { release(); }

  // Python's `with lock:`.
  class Guard {
   public:
    explicit Guard(Lock& lock) : lock_(lock) { owns_ = lock_.acquire(); }
    ~Guard() {
      if (owns_) lock_.release();
    }
    Guard(const Guard&) = delete;
    Guard& operator=(const Guard&) = delete;
    // False only when the thread's stop was requested while it waited.
    explicit operator bool() const noexcept { return owns_; }

   private:
    Lock& lock_;
    bool owns_;
  };

 private:
  friend std::vector<LockStats> all_locks();
  struct FifoWaiter;

  LockStats stats_without_names() const;
  bool try_acquire_fast() noexcept;
  bool acquire_slow(Timeout timeout, bool stoppable);
  void on_acquired(bool waited, std::chrono::steady_clock::time_point wait_began);
  void record_wait(std::chrono::nanoseconds wait) noexcept;

  const std::uint64_t id_;
  const std::string name_;
  const LockPolicy policy_;

  std::atomic<bool> held_{false};
  std::atomic<std::uint32_t> waiters_{0};
  // Barging: a release has woken a waiter that has not yet looked at the
  // Lock; further releases need not wake anyone until it has.
  std::atomic<bool> wake_pending_{false};
  std::atomic<std::int64_t> holder_native_id_{0};
  // Start of the current hold when it is timed, else zero.
  std::atomic<std::int64_t> timed_hold_began_ns_{0};

  // Slow path only: where waiters sleep, and the fifo policy's queue.
  mutable std::mutex wait_mutex_;
  std::condition_variable_any wait_cv_;
  std::deque<FifoWaiter*> fifo_queue_;

  struct Counters {
    std::atomic<std::uint64_t> acquisitions{0};
    std::atomic<std::uint64_t> contended{0};
    std::atomic<std::uint64_t> failed_tries{0};
    std::atomic<std::int64_t> total_wait_ns{0};
    std::atomic<std::int64_t> max_wait_ns{0};
    std::atomic<std::int64_t> total_hold_ns{0};
    std::atomic<std::uint64_t> hold_samples{0};
    std::array<std::atomic<std::uint64_t>, wait_histogram_buckets> histogram{};
  };
  Counters counters_;
};

// Statistics of every live Lock, in creation order.
std::vector<LockStats> all_locks();

// Name of a policy, for the UI ("barging", "fifo").
const char* to_string(LockPolicy policy);

}  // namespace threadlab
