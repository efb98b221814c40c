// How a barging Lock waits, as Python's Lock does: whoever asks first after
// a release wins. A waiter spins briefly, then sleeps on the Lock's word.

#include <algorithm>
#include <climits>
#include <stop_token>

#include "lock_word.hpp"
#include "threadlab/threading/lock.hpp"

namespace threadlab {
namespace {

// The word's layout, the futex calls, cpu_relax().
using namespace detail::lock_word;

// Spinning. A barging waiter spins while the holder runs and nobody sleeps,
// as glibc's adaptive mutex and Rust's std mutex do: a short critical
// section ends within that, and sleeping would cost two context switches.
// It looks at the word with exponential backoff (1, 2, 4 ... 128 pauses
// between looks): a waiter that looked at every pause would keep the word's
// cache line away from the holder, whose every acquire and release then
// waits for it, and would catch the Lock at each release, so that two
// threads hand it back and forth, one cache miss per acquisition. With
// backoff the holder keeps the Lock for runs of acquisitions (the
// benchmarks' README has the measured difference).
constexpr int barging_spin_looks = 12;
constexpr int barging_most_pauses = 128;

// The holder, each time the Lock is seen held (the caller starts
// `released_by` at the holder when the wait began): the last one seen is
// most likely the one whose release let this waiter in.
void note_holder(const std::atomic<std::int64_t>& holder_native_id, std::int64_t& released_by) {
  if (const std::int64_t holder = holder_native_id.load(std::memory_order_relaxed)) released_by = holder;
}

}  // namespace

// How the spin before a sleep ended.
enum class Lock::BargingSpin : int { acquired, stopped, sleep };

bool Lock::wait_barging(const std::optional<std::chrono::steady_clock::time_point>& deadline,
                        const std::stop_token* stop, std::int64_t& released_by) {
  switch (spin_barging(stop, released_by)) {
    case BargingSpin::acquired: return true;
    case BargingSpin::stopped: return false;
    case BargingSpin::sleep: break;
  }
  return sleep_barging(deadline, stop, released_by);
}

// Spins while the holder runs and nobody sleeps yet.
Lock::BargingSpin Lock::spin_barging(const std::stop_token* stop, std::int64_t& released_by) {
  int pauses = 1;
  for (int look = 0; look < barging_spin_looks; ++look) {
    std::uint32_t seen = word_.load(std::memory_order_relaxed);
    if ((seen & held_bit) == 0) {
      if (word_.compare_exchange_weak(seen, taken(seen), std::memory_order_acquire, std::memory_order_relaxed))
        return BargingSpin::acquired;
      continue;
    }
    if (sleepers(seen) > 0) break;  // others already sleep: the Lock is busy for a while
    if (stop && stop->stop_requested()) return BargingSpin::stopped;
    note_holder(holder_native_id_, released_by);
    for (int i = 0; i < pauses; ++i) cpu_relax();
    pauses = std::min(pauses * 2, barging_most_pauses);
  }
  return BargingSpin::sleep;
}

// Sleeps on the word until the Lock is free, then takes it. A stop request
// bumps the word's wake-up count and wakes every sleeper: a sleeper compares
// the word just before it sleeps, so a stop that comes between its look at
// the token and its sleep changes the word and cannot be missed.
bool Lock::sleep_barging(const std::optional<std::chrono::steady_clock::time_point>& deadline,
                         const std::stop_token* stop, std::int64_t& released_by) {
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
    note_holder(holder_native_id_, released_by);
    if (stop && stop->stop_requested()) break;
    if (!futex_wait(word_, asleep, deadline)) {
      if (take_after_deadline()) return true;
      break;
    }
  }
  leave_sleepers(true);
  return false;
}

// The deadline passed: one last look, as a timed wait does, by a sleeper
// still counted in the word.
bool Lock::take_after_deadline() {
  std::uint32_t seen = word_.load(std::memory_order_relaxed);
  return (seen & held_bit) == 0 &&
         word_.compare_exchange_strong(seen, taken((seen & ~wake_pending_bit) - sleeper_unit),
                                       std::memory_order_acquire, std::memory_order_relaxed);
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
    if (!word_.compare_exchange_weak(seen, (seen | wake_pending_bit) + wake_count_unit, std::memory_order_relaxed,
                                     std::memory_order_relaxed))
      continue;
    // Nobody asleep in the kernel yet is fine too: the mark stays set, so a
    // counted sleeper's futex wait finds the word changed and it looks at the
    // Lock (and clears the mark) before it sleeps. The wake-up count makes
    // sure the word differs from the one it expects: with the mark alone, a
    // re-acquire and a new sleeper's first count could rebuild that word bit
    // for bit (held, marked, two sleepers) and both sleep through the
    // wake-up: a hang, rare, and likelier the slower the threads run.
    futex_wake(word_, 1);
    return;
  }
}

void Lock::wake_all_sleepers() noexcept {
  word_.fetch_add(wake_count_unit, std::memory_order_seq_cst);
  futex_wake(word_, INT_MAX);
}

}  // namespace threadlab
