#include "work.hpp"

#include <sched.h>

#include <algorithm>

#include "threadlab/measurement/machine.hpp"

namespace threadlab::detail {

std::uint64_t busy_work(std::uint64_t steps, std::uint64_t seed) {
  std::uint64_t x = seed | 1;  // xorshift64 must not start at 0
  for (std::uint64_t i = 0; i < steps; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
  }
  return x;
}

int usable_cores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (::sched_getaffinity(0, sizeof set, &set) == 0) return std::max(1, CPU_COUNT(&set));
  return core_count();
}

}  // namespace threadlab::detail
