#pragma once
// What the Lock's three files (lock.cpp: acquire, release and figures;
// lock_barging.cpp: waiting as Python's Lock does; lock_fifo.cpp: the fair
// Lock's queue) share: the layout of the Lock's 32-bit word, the futex
// calls that sleep and wake on it, and the pause a spinning waiter makes.

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <optional>

#include "registry_internal.hpp"
#include "threadlab/threading/registry.hpp"

namespace threadlab::detail::lock_word {

// The Lock word (see lock.hpp):
constexpr std::uint32_t held_bit = 1;
// bit 1 unused
constexpr std::uint32_t wake_pending_bit = 1u << 2;  // barging only
constexpr std::uint32_t sleeper_unit = 1u << 3;
constexpr std::uint32_t sleeper_mask = ((1u << 15) - 1) << 3;
// A count of wake-ups (a stop request's, or one sleeper's): each changes the
// word, so that a sleeper about to sleep on the word it last saw never finds
// that same word again after a wake-up it should have seen (ABA: a release,
// a re-acquire and a new sleeper's count could otherwise rebuild it bit for
// bit, and the sleeper meant to look would sleep through its wake-up).
constexpr std::uint32_t wake_count_unit = 1u << 18;  // barging only
constexpr std::uint32_t wake_count_mask = ~0u << 18;

constexpr std::uint32_t sleepers(std::uint32_t word) { return (word & sleeper_mask) / sleeper_unit; }

// The wake-up count only has to change while a sleeper waits for it; the
// slow paths set it back to zero once nobody sleeps (the fast paths leave it:
// they work whatever the other bits say).
constexpr std::uint32_t tidy(std::uint32_t word) { return sleepers(word) == 0 ? word & ~wake_count_mask : word; }

// A free word taken.
constexpr std::uint32_t taken(std::uint32_t free_word) { return tidy(free_word) | held_bit; }


// Linux futexes on a 32-bit atomic. FUTEX_WAIT_BITSET takes an absolute
// CLOCK_MONOTONIC deadline, the clock of std::chrono::steady_clock.
static_assert(sizeof(std::atomic<std::uint32_t>) == sizeof(std::uint32_t));
static_assert(std::atomic<std::uint32_t>::is_always_lock_free);

// False when the deadline passed; true when woken, or when the word no
// longer held `expected`, or spuriously: the caller looks again.
inline bool futex_wait(std::atomic<std::uint32_t>& word, std::uint32_t expected,
                const std::optional<std::chrono::steady_clock::time_point>& deadline) {
  timespec until{};
  if (deadline) {
    const auto ns = to_ns(*deadline);
    until.tv_sec = static_cast<time_t>(ns / 1'000'000'000);
    until.tv_nsec = static_cast<long>(ns % 1'000'000'000);
  }
  const long rc = ::syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&word), FUTEX_WAIT_BITSET_PRIVATE, expected,
                            deadline ? &until : nullptr, nullptr, FUTEX_BITSET_MATCH_ANY);
  return !(rc == -1 && errno == ETIMEDOUT);
}

// How many threads it woke.
inline long futex_wake(std::atomic<std::uint32_t>& word, int count) noexcept {
  return ::syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&word), FUTEX_WAKE_PRIVATE, count, nullptr, nullptr, 0);
}

// The calling thread's kernel TID, asked of the kernel once per thread.
inline std::int64_t cached_native_id() {
  thread_local const std::int64_t native_id = get_native_id();
  return native_id;
}

inline void cpu_relax() noexcept {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield" ::: "memory");
#endif
}

}  // namespace threadlab::detail::lock_word
