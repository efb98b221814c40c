#pragma once
// The tests' one way to wait for another thread: spin (yielding) until a
// condition holds, for at most a generous limit, and fail with what was
// waited for otherwise. A broken handshake then fails in seconds with a
// message, not after CTest's 120 s timeout with none. The limit is far above
// what any wait takes, so a busy machine does not fail it.

#include <catch2/catch.hpp>

#include <chrono>
#include <concepts>
#include <string>
#include <thread>

namespace threadlab::testing {

inline constexpr std::chrono::seconds wait_limit{60};

// `each_turn` runs before every check (a render-loop frame, say).
template <class Condition, std::invocable Turn>
void wait_until(Condition done, const std::string& what, Turn each_turn,
                std::chrono::duration<double> limit = wait_limit) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::duration_cast<std::chrono::nanoseconds>(limit);
  while (each_turn(), !done()) {
    if (std::chrono::steady_clock::now() > give_up) FAIL("waited " << limit.count() << " s for " << what);
    std::this_thread::yield();
  }
}

template <class Condition>
void wait_until(Condition done, const std::string& what, std::chrono::duration<double> limit = wait_limit) {
  wait_until(done, what, [] {}, limit);
}

}  // namespace threadlab::testing
