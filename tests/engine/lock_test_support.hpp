#pragma once
// What the Lock tests share: handshakes with threads blocked on a Lock, each
// bounded so that a broken Lock fails the test instead of hanging it.

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <string>

#include "threadlab/threading.hpp"
#include "../wait_until.hpp"

namespace threadlab::test {

// Generous bound on any handshake: reached only when the Lock is broken.
inline constexpr auto handshake_limit = std::chrono::seconds(30);

// Spins until `lock` has `count` threads blocked in acquire(): the waiter
// count rises before a thread goes to sleep, so this is a real handshake.
inline void wait_for_waiters(const Lock& lock, std::uint32_t count) {
  threadlab::testing::wait_until([&] { return lock.stats().waiters >= count; },
                                 lock.name() + " to have " + std::to_string(count) + " waiters", handshake_limit);
}

// Joins, or fails the test with `what` instead of hanging it.
inline void join_or_fail(Thread& thread, const char* what) {
  if (!thread.join(handshake_limit)) FAIL(what);
}

}  // namespace threadlab::test
