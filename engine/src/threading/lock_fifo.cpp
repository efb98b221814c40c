// The fair (fifo) Lock: waiters queue in arrival order, and a release hands
// the Lock to the longest waiter, so that a greedy thread that comes straight
// back has to queue behind the others.

#include <stop_token>
#include <thread>

#include "lock_word.hpp"
#include "threadlab/threading/lock.hpp"

namespace threadlab {
namespace {

// The word's layout, the futex calls, cpu_relax().
using namespace detail::lock_word;

// The next fifo waiter in line spins on its own queue entry before it
// parks: the Lock is handed to it, and a waiter that is still on a core
// takes it without a system call on either side.
constexpr int fifo_spin_limit = 4000;

}  // namespace

// A fifo waiter's entry in the queue, on its own stack. `state` is what it
// spins on, then sleeps on (a futex), and what release() and a stop request
// change.
struct Lock::FifoWaiter {
  enum : std::uint32_t { spinning, parked, granted, cancelled };
  std::atomic<std::uint32_t> state{spinning};
  std::int64_t granted_at_ns = 0;  // written before state becomes granted
  std::int64_t granted_by = 0;     // the releasing thread's TID, likewise
  FifoWaiter* previous = nullptr;  // the links and in_queue: under the queue lock
  FifoWaiter* next = nullptr;
  bool in_queue = false;
  // Next in line when it queued: the one the coming release hands the Lock
  // to, so it spins before it parks. The others would only take cores from
  // the holder; they park at once.
  bool spins_first = false;

  // Ends a wait that has not been granted (a stop request). False when the
  // Lock was handed over first.
  bool cancel() noexcept {
    std::uint32_t seen = state.load(std::memory_order_relaxed);
    while (seen == spinning || seen == parked) {
      if (state.compare_exchange_weak(seen, cancelled, std::memory_order_acq_rel, std::memory_order_acquire)) {
        if (seen == parked) futex_wake(state, 1);
        return true;
      }
    }
    return false;
  }

  // The next in line spins on its entry for a while: a hand-off to a waiter
  // still on a core costs no system call on either side.
  void spin(const std::stop_token* stop) const {
    for (int spin = 0; spin < fifo_spin_limit; ++spin) {
      if (state.load(std::memory_order_acquire) != spinning) return;
      if (stop && stop->stop_requested()) return;
      cpu_relax();
    }
  }

  // Sleeps on `state` until the Lock is handed over (true), or the wait is
  // cancelled by a stop request or the deadline (false).
  bool park(const std::optional<std::chrono::steady_clock::time_point>& deadline, const std::stop_token* stop) {
    const auto kick = [this]() noexcept { cancel(); };
    std::optional<std::stop_callback<decltype(kick)>> on_stop;
    if (stop) on_stop.emplace(*stop, kick);
    for (;;) {
      std::uint32_t seen = state.load(std::memory_order_acquire);
      if (seen == granted || seen == cancelled) return seen == granted;
      if (seen == spinning &&
          !state.compare_exchange_strong(seen, parked, std::memory_order_acquire, std::memory_order_acquire))
        continue;
      if (!futex_wait(state, parked, deadline)) {
        cancel();  // false when the Lock was handed over just in time
        return state.load(std::memory_order_acquire) == granted;
      }
    }
  }
};

// The fifo queue's spin lock: it guards a few pointer updates, so a waiter
// for it spins, and yields its core only if the holder seems descheduled.
class Lock::QueueGuard {
 public:
  explicit QueueGuard(Lock& lock) : locked_(lock.queue_locked_) {
    int spins = 0;
    while (locked_.exchange(true, std::memory_order_acquire)) {
      while (locked_.load(std::memory_order_relaxed)) {
        if (++spins < 200) cpu_relax();
        else std::this_thread::yield();
      }
    }
  }
  ~QueueGuard() { locked_.store(false, std::memory_order_release); }
  QueueGuard(const QueueGuard&) = delete;
  QueueGuard& operator=(const QueueGuard&) = delete;

 private:
  std::atomic<bool>& locked_;
};

bool Lock::wait_in_queue(const std::optional<std::chrono::steady_clock::time_point>& deadline,
                         const std::stop_token* stop, std::int64_t& wait_ended_ns, std::int64_t& released_by) {
  FifoWaiter me;
  if (take_or_enqueue(me)) return true;
  if (me.spins_first) me.spin(stop);
  if (me.park(deadline, stop)) {
    wait_ended_ns = me.granted_at_ns;
    released_by = me.granted_by;
    return true;
  }
  leave_queue(me);
  return false;
}

// Takes the Lock when it is free (true); else counts the waiter in the word
// and queues it last (false).
bool Lock::take_or_enqueue(FifoWaiter& me) {
  QueueGuard guard(*this);
  std::uint32_t seen = word_.load(std::memory_order_relaxed);
  for (;;) {
    // Free (and so nobody queued: release hands a queued Lock on): take it.
    if ((seen & held_bit) == 0) {
      if (word_.compare_exchange_weak(seen, taken(seen), std::memory_order_acquire, std::memory_order_relaxed))
        return true;
      continue;
    }
    // Counted while held, in one step: a release that saw no queue has
    // not yet happened, so it will find this waiter.
    if (word_.compare_exchange_weak(seen, seen + sleeper_unit, std::memory_order_relaxed,
                                    std::memory_order_relaxed))
      break;
  }
  me.previous = queue_tail_;
  if (queue_tail_) queue_tail_->next = &me;
  else queue_head_ = &me;
  queue_tail_ = &me;
  me.in_queue = true;
  me.spins_first = me.previous == nullptr;
  return false;
}

// A waiter that gave up (stop or deadline) leaves the queue and the word's
// count, unless release() took it out first, saw it cancelled and counted it.
void Lock::leave_queue(FifoWaiter& me) {
  QueueGuard guard(*this);
  if (!me.in_queue) return;
  (me.previous ? me.previous->next : queue_head_) = me.next;
  (me.next ? me.next->previous : queue_tail_) = me.previous;
  word_.fetch_sub(sleeper_unit, std::memory_order_relaxed);
}

// Fifo: the Lock stays held and goes to the longest waiter, so that a greedy
// thread that comes straight back has to queue behind the others. False when
// every queued waiter had been cancelled: the caller frees the Lock.
bool Lock::hand_to_first_waiter(std::int64_t now) {
  QueueGuard guard(*this);
  while (FifoWaiter* first = queue_head_) {
    queue_head_ = first->next;
    (queue_head_ ? queue_head_->previous : queue_tail_) = nullptr;
    first->in_queue = false;
    word_.fetch_sub(sleeper_unit, std::memory_order_relaxed);
    first->granted_at_ns = now;
    first->granted_by = cached_native_id();
    std::uint32_t state = first->state.load(std::memory_order_relaxed);
    while (state == FifoWaiter::spinning || state == FifoWaiter::parked) {
      if (first->state.compare_exchange_weak(state, FifoWaiter::granted, std::memory_order_release,
                                             std::memory_order_relaxed)) {
        // A spinning waiter sees the hand-off by itself; only a parked one
        // needs a system call. (The waiter may return and reuse its stack
        // before this wake lands: a futex wake on a reused address is at worst
        // spurious, which every futex wait here tolerates.)
        if (state == FifoWaiter::parked) futex_wake(first->state, 1);
        return true;
      }
    }
    // Cancelled: it is leaving by itself; try the next one.
  }
  return false;
}

}  // namespace threadlab
