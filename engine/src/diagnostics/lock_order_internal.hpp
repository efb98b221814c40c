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
  // Oldest first. `count` goes on past capacity (a thread holding 17 Locks
  // at once is far outside what this engine does): the Locks past it are
  // counted, not named.
  std::array<std::uint64_t, capacity> ids{};
  int count = 0;

  int tracked() const noexcept { return count < capacity ? count : capacity; }
  void push(std::uint64_t id) noexcept {
    if (count < capacity) ids[static_cast<std::size_t>(count)] = id;
    ++count;
  }
  // Releases come mostly in the reverse order of acquires: the newest entry.
  void pop(std::uint64_t id) noexcept {
    if (count > 0 && count <= capacity && ids[static_cast<std::size_t>(count - 1)] == id) [[likely]]
      --count;
    else
      pop_other(id);
  }
  // Any other entry of this id, or a Lock past capacity; nothing when this
  // thread did not take it (any thread may release a Lock, as in Python).
  void pop_other(std::uint64_t id) noexcept;
  void erase_at(int index) noexcept;
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
