// threading.Lock: acquire, release and the figures every Lock keeps. How a
// waiter waits is in lock_barging.cpp and lock_fifo.cpp; the word they share
// is in lock_word.hpp; every live Lock is listed in lock_registry.cpp.
#include "threadlab/threading/lock.hpp"

#include <algorithm>
#include <bit>
#include <climits>
#include <stdexcept>

#include "deadline.hpp"
#include "diagnostics/lock_order_internal.hpp"
#include "lock_word.hpp"
#include "registry_internal.hpp"
#include "diagnostics/timeline_internal.hpp"

namespace threadlab {
namespace {

// The word's layout, the futex calls, cpu_relax().
using namespace detail::lock_word;

std::int64_t now_ns() { return detail::to_ns(std::chrono::steady_clock::now()); }

// What reading the clock twice costs by itself: the least of a few tries,
// taken once per process. A sampled acquire subtracts it, so that the panel
// shows the Lock's cost and not the clock's.
std::int64_t measure_clock_read_ns() {
  std::int64_t least = INT64_MAX;
  for (int i = 0; i < 64; ++i) {
    const auto first = now_ns();
    least = std::min(least, now_ns() - first);
  }
  return least;
}
const std::int64_t clock_read_ns = measure_clock_read_ns();

std::size_t histogram_bucket(std::chrono::nanoseconds wait) {
  const auto micros = static_cast<std::uint64_t>(std::max<std::int64_t>(wait.count() / 1000, 0));
  if (micros == 0) return 0;
  return std::min<std::size_t>(std::bit_width(micros) - 1, wait_histogram_buckets - 1);
}

// Counters that only the Lock's holder writes need no read-modify-write:
// holding the Lock already orders one holder's update before the next.
template <class T>
void holder_add(std::atomic<T>& counter, T amount) {
  counter.store(counter.load(std::memory_order_relaxed) + amount, std::memory_order_relaxed);
}

// Python's checks, in Python's order (timeout.hpp); -1 s becomes "forever".
Lock::Timeout checked_timeout(const Lock::Timeout& timeout, bool blocking) {
  if (!timeout || timeout->count() == -1.0) return std::nullopt;
  if (!blocking) throw std::invalid_argument("can't specify a timeout for a non-blocking call");
  const double seconds = detail::checked_timeout_seconds(timeout->count());
  if (seconds < 0) throw std::invalid_argument("timeout value must be a non-negative number");
  return timeout;
}

// Marks the calling thread "waiting for lock L" in the registry while it
// waits, and on its timeline: the wait's begin and end are clock reads the
// slow path makes anyway (a failed wait reads one more, on its way out).
class WaitingState {
 public:
  WaitingState(std::uint64_t lock_id, std::int64_t holder_tid, std::int64_t began_ns)
      : record_(detail::current_record()) {
    record_.waiting_for_lock_id.store(lock_id, std::memory_order_relaxed);
    record_.state.store(ThreadState::waiting_for_lock, std::memory_order_relaxed);
    detail::timeline_record_state(record_, TimelineState::lock_wait, began_ns, lock_id, holder_tid);
  }
  // The wait ended with the Lock, at `ended_ns`, let go by `released_by`
  // (as far as the waiter saw; 0 when unknown).
  void acquired_at(std::int64_t ended_ns, std::int64_t released_by) {
    ended_ns_ = ended_ns;
    released_by_ = released_by;
  }
  ~WaitingState() {
    record_.state.store(ThreadState::running, std::memory_order_relaxed);
    record_.waiting_for_lock_id.store(0, std::memory_order_relaxed);
    const bool failed = ended_ns_ == 0;
    detail::timeline_record_state(record_, TimelineState::running, failed ? now_ns() : ended_ns_, 0, released_by_,
                                  failed);
  }
  WaitingState(const WaitingState&) = delete;
  WaitingState& operator=(const WaitingState&) = delete;

 private:
  detail::ThreadRecord& record_;
  std::int64_t ended_ns_ = 0;
  std::int64_t released_by_ = 0;
};

}  // namespace

// The uncontended path: one atomic instruction that sets the held bit
// (x86: lock bts), then the holder's own counters. It needs no expected
// value, so it does not wait for a load, and it works whatever the rest of
// the word says: while other threads sleep on a Lock, its holder still takes
// and frees it in one atomic instruction each (glibc's mutex gets the same by
// forgetting, at each release, that anyone sleeps).
bool Lock::try_acquire_fast() noexcept {
  return (word_.fetch_or(held_bit, std::memory_order_acquire) & held_bit) == 0;
}

bool Lock::acquire(bool blocking) {
  if (blocking && detail::held_locks.count != 0) [[unlikely]]
    detail::note_lock_order(detail::held_locks, *this);
  if (sample_next_.load(std::memory_order_relaxed)) [[unlikely]]
    return acquire_sampled(blocking, std::nullopt, true);
  if (try_acquire_fast()) [[likely]] {
    on_acquired();
    return true;
  }
  return acquire_slow(blocking, std::nullopt, true);
}

bool Lock::acquire(bool blocking, Timeout timeout) {
  timeout = checked_timeout(timeout, blocking);
  blocking = blocking && !(timeout && timeout->count() == 0);
  if (blocking && detail::held_locks.count != 0) [[unlikely]]
    detail::note_lock_order(detail::held_locks, *this);
  if (sample_next_.load(std::memory_order_relaxed)) [[unlikely]]
    return acquire_sampled(blocking, timeout, true);
  if (try_acquire_fast()) [[likely]] {
    on_acquired();
    return true;
  }
  return acquire_slow(blocking, timeout, true);
}

void Lock::lock() {
  if (detail::held_locks.count != 0) [[unlikely]]
    detail::note_lock_order(detail::held_locks, *this);
  if (sample_next_.load(std::memory_order_relaxed)) [[unlikely]] {
    acquire_sampled(true, std::nullopt, false);
    return;
  }
  if (try_acquire_fast()) [[likely]] {
    on_acquired();
    return;
  }
  acquire_slow(true, std::nullopt, false);
}

// Inlined into each acquire: a call here costs the uncontended path more
// than the counter does.
[[gnu::always_inline]] inline void Lock::on_acquired() noexcept {
  holder_add(counters_.acquisitions, std::uint64_t{1});
  holder_native_id_.store(cached_native_id(), std::memory_order_relaxed);
  detail::held_locks.push(id_);
}

// The previous holder asked for this acquire to be timed: the atomic
// instruction that takes a free Lock, between two clock reads whose own cost
// is taken off. An acquire that finds the Lock taken is no sample; the
// request stays for the next one.
bool Lock::acquire_sampled(bool blocking, const Timeout& timeout, bool stoppable) {
  const auto began = now_ns();
  const bool acquired = try_acquire_fast();
  const auto ended = now_ns();
  if (!acquired) return acquire_slow(blocking, timeout, stoppable);
  on_acquired();
  sample_next_.store(false, std::memory_order_relaxed);
  holder_add(counters_.sampled_acquires, std::uint64_t{1});
  holder_add(counters_.sampled_acquire_ns, std::max<std::int64_t>(ended - began - clock_read_ns, 0));
  return true;
}

bool Lock::acquire_slow(bool blocking, const Timeout& timeout, bool stoppable) {
  if (!blocking) {
    counters_.failed_tries.fetch_add(1, std::memory_order_relaxed);
    return false;
  }
  const auto wait_began = std::chrono::steady_clock::now();
  const detail::Deadline deadline = timeout ? detail::deadline_after(timeout->count(), wait_began) : std::nullopt;
  const std::stop_token* stop = stoppable ? detail::current_stop_token() : nullptr;
  if (stop && !stop->stop_possible()) stop = nullptr;

  const std::int64_t holder = holder_native_id_.load(std::memory_order_relaxed);
  WaitingState waiting(id_, holder, detail::to_ns(wait_began));
  bool acquired = false;
  std::int64_t wait_ended_ns = 0;   // a fifo hand-off says when it happened
  std::int64_t released_by = holder;  // who let the Lock go to this waiter, as far as it sees
  if (policy_ == LockPolicy::fifo) {
    acquired = wait_in_queue(deadline, stop, wait_ended_ns, released_by);
  } else {
    waiters_.fetch_add(1, std::memory_order_relaxed);
    acquired = wait_barging(deadline, stop, released_by);
    waiters_.fetch_sub(1, std::memory_order_relaxed);
  }
  if (!acquired) {
    counters_.failed_tries.fetch_add(1, std::memory_order_relaxed);
    return false;
  }
  on_acquired();
  if (wait_ended_ns == 0) wait_ended_ns = now_ns();
  waiting.acquired_at(wait_ended_ns, released_by);
  on_waited(detail::to_ns(wait_began), wait_ended_ns);
  return true;
}

void Lock::on_waited(std::int64_t wait_began_ns, std::int64_t wait_ended_ns) noexcept {
  holder_add(counters_.contended, std::uint64_t{1});
  record_wait(std::chrono::nanoseconds(wait_ended_ns - wait_began_ns));
  timed_hold_began_ns_.store(wait_ended_ns, std::memory_order_relaxed);
}

void Lock::record_wait(std::chrono::nanoseconds wait) noexcept {
  holder_add(counters_.total_wait_ns, wait.count());
  if (wait.count() > counters_.max_wait_ns.load(std::memory_order_relaxed))
    counters_.max_wait_ns.store(wait.count(), std::memory_order_relaxed);
  holder_add(counters_.histogram[histogram_bucket(wait)], std::uint64_t{1});
}

void Lock::release() {
  // The holder's own figures, before the Lock is let go: after it, the next
  // holder writes them.
  const std::uint32_t acquisitions = static_cast<std::uint32_t>(counters_.acquisitions.load(std::memory_order_relaxed));
  const std::int64_t hold_began = timed_hold_began_ns_.load(std::memory_order_relaxed);
  if (hold_began != 0) timed_hold_began_ns_.store(0, std::memory_order_relaxed);
  holder_native_id_.store(0, std::memory_order_relaxed);

  // Every acquire_sample_interval-th acquisition asks for the next
  // uncontended acquire to be timed.
  if (acquisitions % acquire_sample_interval == 0) sample_next_.store(true, std::memory_order_relaxed);

  std::uint32_t seen = word_.load(std::memory_order_relaxed);
  if ((seen & held_bit) == 0) throw std::runtime_error("release unlocked lock");
  detail::held_locks.pop(id_);
  if (policy_ == LockPolicy::barging && hold_began == 0) [[likely]] {
    // One atomic instruction (x86: lock xadd), whatever else the word holds.
    seen = word_.fetch_sub(held_bit, std::memory_order_release);
    // Wake a sleeper only when there is one and none is on its way already.
    if (sleepers(seen) > 0 && (seen & wake_pending_bit) == 0) wake_one_sleeper();
    return;
  }
  release_slow(seen, hold_began);
}

void Lock::release_slow(std::uint32_t seen, std::int64_t hold_began_ns) {
  std::int64_t now = 0;  // read only for a timed hold or a hand-off
  if (hold_began_ns != 0) {
    now = now_ns();
    holder_add(counters_.total_hold_ns, now - hold_began_ns);
    holder_add(counters_.hold_samples, std::uint64_t{1});
  }
  for (;;) {
    if ((seen & held_bit) == 0) throw std::runtime_error("release unlocked lock");
    if (policy_ == LockPolicy::fifo && sleepers(seen) > 0) {
      if (now == 0) now = now_ns();
      if (hand_to_first_waiter(now)) return;
      seen = word_.load(std::memory_order_relaxed);  // every queued waiter had given up
      continue;
    }
    if (word_.compare_exchange_weak(seen, tidy(seen & ~held_bit), std::memory_order_release,
                                    std::memory_order_relaxed))
      break;
  }
  if (policy_ == LockPolicy::barging && sleepers(seen) > 0) wake_one_sleeper();
}

LockStats Lock::stats() const {
  LockStats out = stats_without_names();
  if (out.holder_native_id != 0) out.holder_name = detail::thread_name_by_native_id(out.holder_native_id);
  return out;
}

LockStats Lock::stats_without_names() const {
  LockStats out;
  out.id = id_;
  out.name = name_;
  out.policy = policy_;
  out.acquisitions = counters_.acquisitions.load(std::memory_order_relaxed);
  out.contended_acquisitions = counters_.contended.load(std::memory_order_relaxed);
  out.failed_tries = counters_.failed_tries.load(std::memory_order_relaxed);
  out.total_wait = std::chrono::nanoseconds(counters_.total_wait_ns.load(std::memory_order_relaxed));
  out.max_wait = std::chrono::nanoseconds(counters_.max_wait_ns.load(std::memory_order_relaxed));
  out.total_hold = std::chrono::nanoseconds(counters_.total_hold_ns.load(std::memory_order_relaxed));
  out.hold_samples = counters_.hold_samples.load(std::memory_order_relaxed);
  for (std::size_t i = 0; i < wait_histogram_buckets; ++i)
    out.wait_histogram[i] = counters_.histogram[i].load(std::memory_order_relaxed);
  out.sampled_acquires = counters_.sampled_acquires.load(std::memory_order_relaxed);
  out.sampled_acquire_total =
      std::chrono::nanoseconds(counters_.sampled_acquire_ns.load(std::memory_order_relaxed));
  out.locked = (word_.load(std::memory_order_relaxed) & held_bit) != 0;
  out.holder_native_id = holder_native_id_.load(std::memory_order_relaxed);
  // A fifo Lock's queued waiters are counted in its word already: keeping a
  // second count would cost every hand-off two more atomic instructions.
  out.waiters = policy_ == LockPolicy::fifo ? sleepers(word_.load(std::memory_order_relaxed))
                                            : waiters_.load(std::memory_order_relaxed);
  return out;
}

void Lock::reset_stats() {
  counters_.acquisitions.store(0, std::memory_order_relaxed);
  counters_.contended.store(0, std::memory_order_relaxed);
  counters_.failed_tries.store(0, std::memory_order_relaxed);
  counters_.total_wait_ns.store(0, std::memory_order_relaxed);
  counters_.max_wait_ns.store(0, std::memory_order_relaxed);
  counters_.total_hold_ns.store(0, std::memory_order_relaxed);
  counters_.hold_samples.store(0, std::memory_order_relaxed);
  counters_.sampled_acquires.store(0, std::memory_order_relaxed);
  counters_.sampled_acquire_ns.store(0, std::memory_order_relaxed);
  for (auto& bucket : counters_.histogram) bucket.store(0, std::memory_order_relaxed);
}

std::chrono::nanoseconds LockStats::wait_quantile(double q) const {
  std::uint64_t total = 0;
  for (auto count : wait_histogram) total += count;
  if (total == 0) return std::chrono::nanoseconds{0};
  const auto rank = static_cast<std::uint64_t>(std::clamp(q, 0.0, 1.0) * double(total));
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < wait_histogram.size(); ++i) {
    seen += wait_histogram[i];
    if (seen > rank || seen == total) {
      const auto upper_edge = std::chrono::microseconds(std::uint64_t{1} << (i + 1));
      return std::min<std::chrono::nanoseconds>(upper_edge, max_wait);
    }
  }
  return max_wait;
}

const char* to_string(LockPolicy policy) { return policy == LockPolicy::fifo ? "fifo" : "barging"; }

}  // namespace threadlab
