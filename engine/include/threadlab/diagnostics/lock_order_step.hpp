#pragma once
// One thread's step in a lock order: it held `held` when it asked for
// `wanted`. The lock-order graph (lock_order.hpp) records one for each order
// it sees, deadlock or not; a deadlock cycle (deadlock_detector.hpp) is a
// ring of them, each thread still holding `held` and blocked on `wanted`.

#include <cstdint>
#include <string>

#include "threadlab/threading/lock.hpp"

namespace threadlab {

struct LockOrderStep {
  std::string thread_name;
  std::int64_t native_id = 0;
  LockRef held;
  LockRef wanted;

  bool operator==(const LockOrderStep&) const = default;
};

}  // namespace threadlab
