#pragma once
// Python's threading.Lock, instrumented. Every Lock keeps statistics that the
// UI reads through all_locks(): who holds it, who waits, how long.
//
// Cost model (after Tracy): the uncontended path is one atomic instruction to
// take the Lock and one to free it, plus relaxed counter updates, and reads
// no clock; only a thread that has to wait
// reads the clock, and only around its wait. The one exception is sampled:
// one uncontended acquire in acquire_sample_interval is timed (two clock
// reads), so that the Locks panel can show what a Lock that never waits
// costs, at a few hundredths of a nanosecond per acquire on average.
//
// Waiting (lock.cpp): a waiter first spins a bounded number of times, as
// glibc's adaptive mutex does, then sleeps on the Lock's own 32-bit word (a
// futex); a release makes a system call only when a thread sleeps. The fifo
// policy queues its waiters and hands the Lock to the first one, which spins
// before it parks so that a hand-off to a waiter on a core costs no system
// call.

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "threadlab/threading/thread_stopped.hpp"
#include "threadlab/threading/timeout.hpp"

namespace threadlab {

namespace detail {
std::string name_if_held_by(std::uint64_t lock_id, std::int64_t native_id);  // lock_order.cpp asks
}

// fifo: waiters are served in arrival order (release hands the Lock to the
// longest waiter), so a greedy thread that re-acquires at once cannot starve
// the others: the cure in the starvation scenario. barging: like Python's
// Lock, whoever tries first when it is free wins.
enum class LockPolicy { barging, fifo };

// A Lock named in a report (deadlock, lock order): its id and its name then.
struct LockRef {
  std::uint64_t id = 0;
  std::string name;

  bool operator==(const LockRef&) const = default;
};

// Bucket i counts waits in [2^i, 2^(i+1)) microseconds; bucket 0 also holds
// waits under 1 us, the last bucket everything longer.
inline constexpr std::size_t wait_histogram_buckets = 24;

// One uncontended acquire in this many is timed for LockStats::sampled_acquire_cost().
inline constexpr std::uint64_t acquire_sample_interval = 256;

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
  // Uncontended acquires that were timed (one in acquire_sample_interval),
  // and their summed cost: the atomic instruction that took the free Lock,
  // less the cost of reading the clock itself.
  std::uint64_t sampled_acquires = 0;
  std::chrono::nanoseconds sampled_acquire_total{0};
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
  // Mean cost of an acquire that did not wait, over the sampled ones; zero
  // before the first sample.
  std::chrono::nanoseconds sampled_acquire_cost() const {
    return sampled_acquires ? sampled_acquire_total / static_cast<std::int64_t>(sampled_acquires)
                            : std::chrono::nanoseconds{0};
  }
};

class Lock {
 public:
  using Timeout = std::optional<std::chrono::duration<double>>;

  explicit Lock(std::string name = {}, LockPolicy policy = LockPolicy::barging);
  ~Lock();
  Lock(const Lock&) = delete;
  Lock& operator=(const Lock&) = delete;

  // Python's Lock.acquire(blocking=True, timeout=-1). Returns whether the
  // lock was acquired. An empty timeout, or -1 s, waits forever. As Python
  // does (timeout.hpp), this throws std::invalid_argument for blocking=false
  // with a timeout other than -1 s ("can't specify a timeout for a
  // non-blocking call"), for a NaN timeout and for a negative one other than
  // -1 s; std::overflow_error for one above TIMEOUT_MAX.
  // A blocking acquire on an engine Thread whose stop was requested returns
  // false (Guard turns that into ThreadStopped).
  // Two overloads, not one with a defaulted Timeout: passing the 16-byte
  // optional by value costs the uncontended path a store-forwarding stall.
  bool acquire(bool blocking = true);
  bool acquire(bool blocking, Timeout timeout);

  // Any thread may release, as in Python. Throws
  // std::runtime_error("release unlocked lock") when not locked.
  void release();

  bool locked() const noexcept { return (word_.load(std::memory_order_relaxed) & held_bit) != 0; }

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

  // Python's `with lock:`. The body runs holding the Lock, always:
  //
  //   { Lock::Guard with(lock); ++total; }
  //
  // In an engine Thread whose stop is requested while it waits, the acquire
  // is refused and the constructor throws ThreadStopped (thread_stopped.hpp):
  // the body does not run, and the Thread ends cleanly. Elsewhere the Guard
  // waits for the Lock as long as it takes.
  class Guard {
   public:
    explicit Guard(Lock& lock) : lock_(lock) {
      if (!lock_.acquire()) throw ThreadStopped{};
    }
    ~Guard() { lock_.release(); }
    Guard(const Guard&) = delete;
    Guard& operator=(const Guard&) = delete;
    // Always true: a Guard that exists holds its Lock.
    explicit operator bool() const noexcept { return true; }

   private:
    Lock& lock_;
  };

 private:
  friend std::vector<LockStats> all_locks();
  friend std::string detail::name_if_held_by(std::uint64_t lock_id, std::int64_t native_id);
  struct FifoWaiter;
  class QueueGuard;
  enum class BargingSpin : int;

  // The Lock word, which the uncontended path sets and clears one bit of
  // (lock.cpp has the layout): bit 0 held; bit 2 a sleeper has been woken and
  // not yet looked at the Lock; bits 3-17 the threads asleep on the word
  // (barging) or queued (fifo); bits 18-31 a count of wake-ups (stop
  // requests, and releases that woke a sleeper), so that no sleeper finds
  // the word it expects rebuilt after a wake-up it should have seen.
  static constexpr std::uint32_t held_bit = 1;

  LockStats stats_without_names() const;
  bool try_acquire_fast() noexcept;
  bool acquire_sampled(bool blocking, const Timeout& timeout, bool stoppable);
  bool acquire_slow(bool blocking, const Timeout& timeout, bool stoppable);
  // Both set `released_by` to the thread that let the Lock go to this
  // waiter: for fifo the one that handed it over, for barging the last
  // holder the waiter saw (for the Timeline's line from a wait to its end).
  bool wait_barging(const std::optional<std::chrono::steady_clock::time_point>& deadline,
                    const std::stop_token* stop, std::int64_t& released_by);
  bool wait_in_queue(const std::optional<std::chrono::steady_clock::time_point>& deadline,
                     const std::stop_token* stop, std::int64_t& wait_ended_ns, std::int64_t& released_by);
  BargingSpin spin_barging(const std::stop_token* stop, std::int64_t& released_by);
  bool sleep_barging(const std::optional<std::chrono::steady_clock::time_point>& deadline,
                     const std::stop_token* stop, std::int64_t& released_by);
  bool take_after_deadline();
  bool take_or_enqueue(FifoWaiter& me);
  void leave_queue(FifoWaiter& me);
  void release_slow(std::uint32_t seen, std::int64_t hold_began_ns);
  bool hand_to_first_waiter(std::int64_t now_ns);
  void wake_one_sleeper();
  void wake_all_sleepers() noexcept;
  void leave_sleepers(bool clear_wake_pending);
  void on_acquired() noexcept;
  void on_waited(std::int64_t wait_began_ns, std::int64_t wait_ended_ns) noexcept;
  void record_wait(std::chrono::nanoseconds wait) noexcept;

  const std::uint64_t id_;
  const std::string name_;
  const LockPolicy policy_;

  // The word has a cache line of its own: threads that spin on it or queue
  // up on it do not take the holder's figures' line away from the holder.
  alignas(64) std::atomic<std::uint32_t> word_{0};
  // What the holder writes, then the other figures.
  alignas(64) std::atomic<std::int64_t> holder_native_id_{0};
  // Set by the holder of every acquire_sample_interval-th acquisition: the
  // next uncontended acquire times itself, and clears it.
  std::atomic<bool> sample_next_{false};
  // Start of the current hold when it is timed, else zero.
  std::atomic<std::int64_t> timed_hold_began_ns_{0};

  struct Counters {
    std::atomic<std::uint64_t> acquisitions{0};
    std::atomic<std::uint64_t> contended{0};
    std::atomic<std::uint64_t> failed_tries{0};
    std::atomic<std::int64_t> total_wait_ns{0};
    std::atomic<std::int64_t> max_wait_ns{0};
    std::atomic<std::int64_t> total_hold_ns{0};
    std::atomic<std::uint64_t> hold_samples{0};
    std::atomic<std::uint64_t> sampled_acquires{0};
    std::atomic<std::int64_t> sampled_acquire_ns{0};
    std::array<std::atomic<std::uint64_t>, wait_histogram_buckets> histogram{};
  };
  Counters counters_;
  std::atomic<std::uint32_t> waiters_{0};  // threads in acquire()'s slow path now, for the UI

  // The fifo policy's queue of waiters, oldest first, on the waiters' stacks;
  // guarded by a spin lock held for a few pointer updates at a time.
  std::atomic<bool> queue_locked_{false};
  FifoWaiter* queue_head_ = nullptr;
  FifoWaiter* queue_tail_ = nullptr;
};

// Statistics of every live Lock, in creation order.
std::vector<LockStats> all_locks();

// Name of a policy, for the UI ("barging", "fifo").
const char* to_string(LockPolicy policy);

}  // namespace threadlab
