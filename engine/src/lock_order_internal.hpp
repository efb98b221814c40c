#pragma once
// What lock.cpp and lock_order.cpp share: each thread's list of the Locks it
// holds, which lock.cpp keeps on every acquire and release (a few
// instructions on memory no other thread touches), and the slow path that
// records an order in the acquired-before graph.

#include <array>
#include <cstdint>
#include <string>

namespace threadlab {
class Lock;
}

namespace threadlab::detail {

struct HeldLocks {
  static constexpr int capacity = 16;
  // Oldest first. Past capacity, Locks are counted in `untracked` only: a
  // thread holding 17 Locks at once is far outside what this engine does.
  std::array<std::uint64_t, capacity> ids{};
  int count = 0;
  int untracked = 0;

  void push(std::uint64_t id) noexcept {
    if (count < capacity) ids[static_cast<std::size_t>(count++)] = id;
    else ++untracked;
  }
  // The newest entry of this id; nothing when this thread did not take it
  // (any thread may release a Lock, as in Python).
  void pop(std::uint64_t id) noexcept {
    for (int i = count - 1; i >= 0; --i) {
      if (ids[static_cast<std::size_t>(i)] != id) continue;
      for (int j = i; j + 1 < count; ++j) ids[static_cast<std::size_t>(j)] = ids[static_cast<std::size_t>(j + 1)];
      --count;
      return;
    }
    if (untracked > 0) --untracked;
  }
  void erase_at(int index) noexcept {
    for (int j = index; j + 1 < count; ++j) ids[static_cast<std::size_t>(j)] = ids[static_cast<std::size_t>(j + 1)];
    --count;
  }
};

// The calling thread's list. constinit: no guard on access.
inline constinit thread_local HeldLocks held_locks{};

// A blocking acquire of `wanted` by a thread that holds the Locks in
// `held` (its own list: entries that it no longer holds are dropped). Records
// each new order and reports any cycle it closes. Out of line: called only
// when the thread already holds a Lock.
void note_lock_order(HeldLocks& held, const Lock& wanted);

// lock.cpp: whether the Lock with this id is alive and held by the thread
// with this kernel TID, and if so its name (else empty).
std::string name_if_held_by(std::uint64_t lock_id, std::int64_t native_id);

// ~Lock: its orders go with it (ids are never reused, but the graph should
// not grow with every Lock ever made).
void forget_lock_order(std::uint64_t lock_id);

}  // namespace threadlab::detail
