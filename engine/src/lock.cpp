#include "threadlab/lock.hpp"

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <climits>
#include <ctime>
#include <stdexcept>
#include <thread>

#include "registry_internal.hpp"
#include "timeline_internal.hpp"

namespace threadlab {
namespace {

// The Lock word (see lock.hpp):
constexpr std::uint32_t held_bit = 1;
// bit 1 unused
constexpr std::uint32_t wake_pending_bit = 1u << 2;  // barging only
constexpr std::uint32_t sleeper_unit = 1u << 3;
constexpr std::uint32_t sleeper_mask = ((1u << 15) - 1) << 3;
constexpr std::uint32_t stop_kick_unit = 1u << 18;  // barging only
constexpr std::uint32_t stop_kick_mask = ~0u << 18;

constexpr std::uint32_t sleepers(std::uint32_t word) { return (word & sleeper_mask) / sleeper_unit; }

// The stop-kick count only has to change while a sleeper waits for it; the
// slow paths set it back to zero once nobody sleeps (the fast paths leave it:
// they work whatever the other bits say).
constexpr std::uint32_t tidy(std::uint32_t word) { return sleepers(word) == 0 ? word & ~stop_kick_mask : word; }

// A free word taken.
constexpr std::uint32_t taken(std::uint32_t free_word) { return tidy(free_word) | held_bit; }

// Spinning. A barging waiter spins while the holder runs and nobody sleeps
// (glibc's adaptive mutex spins up to 100 times, Rust's std mutex 100): a
// short critical section ends within that, and sleeping would cost two
// context switches. The next fifo waiter in line spins longer, on its own
// queue entry: the Lock is handed to it, and a waiter that is still on a
// core takes it without a system call on either side.
constexpr int barging_spin_limit = 100;
constexpr int fifo_spin_limit = 4000;

inline void cpu_relax() noexcept {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield" ::: "memory");
#endif
}

// Linux futexes on a 32-bit atomic. FUTEX_WAIT_BITSET takes an absolute
// CLOCK_MONOTONIC deadline, the clock of std::chrono::steady_clock.
static_assert(sizeof(std::atomic<std::uint32_t>) == sizeof(std::uint32_t));
static_assert(std::atomic<std::uint32_t>::is_always_lock_free);

// False when the deadline passed; true when woken, or when the word no
// longer held `expected`, or spuriously: the caller looks again.
bool futex_wait(std::atomic<std::uint32_t>& word, std::uint32_t expected,
                const std::optional<std::chrono::steady_clock::time_point>& deadline) {
  timespec until{};
  if (deadline) {
    const auto ns = detail::to_ns(*deadline);
    until.tv_sec = static_cast<time_t>(ns / 1'000'000'000);
    until.tv_nsec = static_cast<long>(ns % 1'000'000'000);
  }
  const long rc = ::syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&word), FUTEX_WAIT_BITSET_PRIVATE, expected,
                            deadline ? &until : nullptr, nullptr, FUTEX_BITSET_MATCH_ANY);
  return !(rc == -1 && errno == ETIMEDOUT);
}

// How many threads it woke.
long futex_wake(std::atomic<std::uint32_t>& word, int count) noexcept {
  return ::syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&word), FUTEX_WAKE_PRIVATE, count, nullptr, nullptr, 0);
}

struct LockRegistry {
  std::mutex mutex;
  std::vector<const Lock*> live;  // creation order
  std::atomic<std::uint64_t> next_id{1};
};

LockRegistry& lock_registry() {
  static auto* instance = new LockRegistry;  // Locks in static storage may outlive a local static
  return *instance;
}

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

void check_timeout(const Lock::Timeout& timeout, bool blocking) {
  if (!timeout) return;
  if (!blocking) throw std::invalid_argument("can't specify a timeout for a non-blocking call");
  if (timeout->count() < 0) throw std::invalid_argument("timeout value must be a non-negative number");
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
  void acquired_at(std::int64_t ended_ns) { ended_ns_ = ended_ns; }
  ~WaitingState() {
    record_.state.store(ThreadState::running, std::memory_order_relaxed);
    record_.waiting_for_lock_id.store(0, std::memory_order_relaxed);
    const bool failed = ended_ns_ == 0;
    detail::timeline_record_state(record_, TimelineState::running, failed ? now_ns() : ended_ns_, 0, 0, failed);
  }
  WaitingState(const WaitingState&) = delete;
  WaitingState& operator=(const WaitingState&) = delete;

 private:
  detail::ThreadRecord& record_;
  std::int64_t ended_ns_ = 0;
};

std::int64_t cached_native_id() {
  thread_local const std::int64_t native_id = get_native_id();
  return native_id;
}

}  // namespace

// A fifo waiter's entry in the queue, on its own stack. `state` is what it
// spins on, then sleeps on (a futex), and what release() and a stop request
// change.
struct Lock::FifoWaiter {
  enum : std::uint32_t { spinning, parked, granted, cancelled };
  std::atomic<std::uint32_t> state{spinning};
  std::int64_t granted_at_ns = 0;  // written before state becomes granted
  FifoWaiter* previous = nullptr;  // the links and in_queue: under the queue lock
  FifoWaiter* next = nullptr;
  bool in_queue = false;

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

Lock::Lock(std::string name, LockPolicy policy)
    : id_(lock_registry().next_id.fetch_add(1)),
      name_(name.empty() ? "Lock-" + std::to_string(id_) : std::move(name)),
      policy_(policy) {
  auto& reg = lock_registry();
  std::lock_guard guard(reg.mutex);
  reg.live.push_back(this);
}

Lock::~Lock() {
  auto& reg = lock_registry();
  std::lock_guard guard(reg.mutex);
  std::erase(reg.live, this);
}

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
  if (sample_next_.load(std::memory_order_relaxed)) [[unlikely]]
    return acquire_sampled(blocking, std::nullopt, true);
  if (try_acquire_fast()) [[likely]] {
    on_acquired();
    return true;
  }
  return acquire_slow(blocking, std::nullopt, true);
}

bool Lock::acquire(bool blocking, Timeout timeout) {
  check_timeout(timeout, blocking);
  blocking = blocking && !(timeout && timeout->count() == 0);
  if (sample_next_.load(std::memory_order_relaxed)) [[unlikely]]
    return acquire_sampled(blocking, timeout, true);
  if (try_acquire_fast()) [[likely]] {
    on_acquired();
    return true;
  }
  return acquire_slow(blocking, timeout, true);
}

void Lock::lock() {
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

void Lock::on_acquired() noexcept {
  holder_add(counters_.acquisitions, std::uint64_t{1});
  holder_native_id_.store(cached_native_id(), std::memory_order_relaxed);
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
  std::optional<std::chrono::steady_clock::time_point> deadline;
  if (timeout) deadline = wait_began + std::chrono::duration_cast<std::chrono::steady_clock::duration>(*timeout);
  const std::stop_token* stop = stoppable ? detail::current_stop_token() : nullptr;
  if (stop && !stop->stop_possible()) stop = nullptr;

  WaitingState waiting(id_, holder_native_id_.load(std::memory_order_relaxed), detail::to_ns(wait_began));
  bool acquired = false;
  std::int64_t wait_ended_ns = 0;  // a fifo hand-off says when it happened
  if (policy_ == LockPolicy::fifo) {
    acquired = wait_in_queue(deadline, stop, wait_ended_ns);
  } else {
    waiters_.fetch_add(1, std::memory_order_relaxed);
    acquired = wait_barging(deadline, stop);
    waiters_.fetch_sub(1, std::memory_order_relaxed);
  }
  if (!acquired) {
    counters_.failed_tries.fetch_add(1, std::memory_order_relaxed);
    return false;
  }
  on_acquired();
  if (wait_ended_ns == 0) wait_ended_ns = now_ns();
  waiting.acquired_at(wait_ended_ns);
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

bool Lock::wait_barging(const std::optional<std::chrono::steady_clock::time_point>& deadline,
                        const std::stop_token* stop) {
  // Spin while the holder runs and nobody sleeps yet.
  for (int spin = 0; spin < barging_spin_limit; ++spin) {
    std::uint32_t seen = word_.load(std::memory_order_relaxed);
    if ((seen & held_bit) == 0) {
      if (word_.compare_exchange_weak(seen, taken(seen), std::memory_order_acquire, std::memory_order_relaxed))
        return true;
      continue;
    }
    if (sleepers(seen) > 0) break;  // others already sleep: the Lock is busy for a while
    if (stop && stop->stop_requested()) return false;
    cpu_relax();
  }

  // Sleep on the word. A stop request bumps the word's stop-kick count and
  // wakes every sleeper: a sleeper compares the word just before it sleeps,
  // so a stop that comes between its look at the token and its sleep
  // changes the word and cannot be missed.
  const auto kick = [this]() noexcept { wake_all_sleepers(); };
  std::optional<std::stop_callback<decltype(kick)>> on_stop;
  if (stop) on_stop.emplace(*stop, kick);
  bool asleep_before = false;  // counted among the word's sleepers
  for (;;) {
    // Acquire, as the compare-exchange below: a word that a stop request's
    // kick has changed makes that stop request visible to the look at the
    // token that follows (every change of the word is a read-modify-write,
    // so the kick's release reaches any later value of the word).
    std::uint32_t seen = word_.load(std::memory_order_acquire);
    if ((seen & held_bit) == 0) {
      // A sleeper that looks at the Lock clears wake_pending: the next
      // release may wake another.
      const std::uint32_t next =
          asleep_before ? taken((seen & ~wake_pending_bit) - sleeper_unit) : taken(seen);
      if (word_.compare_exchange_weak(seen, next, std::memory_order_acquire, std::memory_order_relaxed)) return true;
      continue;
    }
    const std::uint32_t asleep = asleep_before ? seen & ~wake_pending_bit : seen + sleeper_unit;
    if (asleep != seen &&
        !word_.compare_exchange_weak(seen, asleep, std::memory_order_acquire, std::memory_order_relaxed))
      continue;
    asleep_before = true;
    if (stop && stop->stop_requested()) break;
    if (!futex_wait(word_, asleep, deadline)) {
      // The deadline passed: one last look, as a timed wait does.
      seen = word_.load(std::memory_order_relaxed);
      if ((seen & held_bit) == 0 &&
          word_.compare_exchange_strong(seen, taken((seen & ~wake_pending_bit) - sleeper_unit),
                                        std::memory_order_acquire, std::memory_order_relaxed))
        return true;
      break;
    }
  }
  leave_sleepers(true);
  return false;
}

// A sleeper gives up (stop or timeout). A release may have woken this very
// thread for the Lock: pass the wake-up on, or the others sleep on a free Lock.
void Lock::leave_sleepers(bool clear_wake_pending) {
  std::uint32_t seen = word_.load(std::memory_order_relaxed);
  std::uint32_t next = 0;
  do {
    next = tidy((clear_wake_pending ? seen & ~wake_pending_bit : seen) - sleeper_unit);
  } while (!word_.compare_exchange_weak(seen, next, std::memory_order_relaxed, std::memory_order_relaxed));
  if ((next & held_bit) == 0 && sleepers(next) > 0) wake_one_sleeper();
}

// Wakes one sleeper of a free Lock, unless one is already on its way
// (wake_pending): a thread woken at every release would mostly find the Lock
// retaken and go back to sleep, two context switches for nothing.
void Lock::wake_one_sleeper() {
  std::uint32_t seen = word_.load(std::memory_order_relaxed);
  for (;;) {
    // Held: its holder's release will wake someone. Pending: the woken
    // thread will look at the Lock, and wake again if it gives up.
    if ((seen & held_bit) != 0 || sleepers(seen) == 0 || (seen & wake_pending_bit) != 0) return;
    if (!word_.compare_exchange_weak(seen, seen | wake_pending_bit, std::memory_order_relaxed,
                                     std::memory_order_relaxed))
      continue;
    if (futex_wake(word_, 1) > 0) return;
    // Nobody was asleep in the kernel yet: the counted sleepers see a changed
    // word and look again. Clear the mark, or it would stop every later wake-up.
    seen = word_.fetch_and(~wake_pending_bit, std::memory_order_relaxed) & ~wake_pending_bit;
  }
}

void Lock::wake_all_sleepers() noexcept {
  word_.fetch_add(stop_kick_unit, std::memory_order_seq_cst);
  futex_wake(word_, INT_MAX);
}

bool Lock::wait_in_queue(const std::optional<std::chrono::steady_clock::time_point>& deadline,
                         const std::stop_token* stop, std::int64_t& wait_ended_ns) {
  FifoWaiter me;
  bool next_in_line = false;
  {
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
    // Only the next in line spins: it is the one the coming release hands
    // the Lock to. The others would only take cores from the holder; they park.
    next_in_line = me.previous == nullptr;
  }

  const auto done = [&me, &wait_ended_ns](std::uint32_t state) {
    if (state != FifoWaiter::granted) return false;
    wait_ended_ns = me.granted_at_ns;
    return true;
  };
  for (int spin = 0; next_in_line && spin < fifo_spin_limit; ++spin) {
    const std::uint32_t state = me.state.load(std::memory_order_acquire);
    if (state != FifoWaiter::spinning) break;
    if (stop && stop->stop_requested()) break;
    cpu_relax();
  }
  bool acquired = false;
  {
    const auto kick = [&me]() noexcept { me.cancel(); };
    std::optional<std::stop_callback<decltype(kick)>> on_stop;
    if (stop) on_stop.emplace(*stop, kick);
    for (;;) {
      std::uint32_t state = me.state.load(std::memory_order_acquire);
      if (state == FifoWaiter::granted || state == FifoWaiter::cancelled) {
        acquired = done(state);
        break;
      }
      if (state == FifoWaiter::spinning &&
          !me.state.compare_exchange_strong(state, FifoWaiter::parked, std::memory_order_acquire,
                                            std::memory_order_acquire))
        continue;
      if (!futex_wait(me.state, FifoWaiter::parked, deadline)) {
        me.cancel();  // false when the Lock was handed over just in time
        acquired = done(me.state.load(std::memory_order_acquire));
        break;
      }
    }
  }
  if (acquired) return true;
  QueueGuard guard(*this);
  if (me.in_queue) {  // else release() took it out, saw it cancelled, and counted it
    (me.previous ? me.previous->next : queue_head_) = me.next;
    (me.next ? me.next->previous : queue_tail_) = me.previous;
    word_.fetch_sub(sleeper_unit, std::memory_order_relaxed);
  }
  return false;
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

std::vector<LockStats> all_locks() {
  std::vector<LockStats> out;
  {
    auto& reg = lock_registry();
    std::lock_guard guard(reg.mutex);
    out.reserve(reg.live.size());
    for (const Lock* lock : reg.live) out.push_back(lock->stats_without_names());
  }
  // Names come from the thread registry, asked only after this one's mutex
  // is released: the two registries never nest.
  for (auto& stats : out) {
    if (stats.holder_native_id != 0) stats.holder_name = detail::thread_name_by_native_id(stats.holder_native_id);
  }
  return out;
}

const char* to_string(LockPolicy policy) { return policy == LockPolicy::fifo ? "fifo" : "barging"; }

namespace detail {
std::string lock_name_by_id(std::uint64_t lock_id) {
  auto& reg = lock_registry();
  std::lock_guard guard(reg.mutex);
  for (const Lock* lock : reg.live) {
    if (lock->id() == lock_id) return lock->name();
  }
  return {};
}
}  // namespace detail

}  // namespace threadlab
