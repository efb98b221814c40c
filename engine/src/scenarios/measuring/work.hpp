#pragma once
// What the scenarios' threads compute, and on how many cores they may.

#include <cstdint>

namespace threadlab::detail {

// CPU work the compiler cannot drop: `steps` rounds of xorshift64 from
// `seed` (about a nanosecond each, and no memory traffic, so a sanitizer
// does not slow it down and ratios stay what they are).
std::uint64_t busy_work(std::uint64_t steps, std::uint64_t seed);

// CPUs this process may run on (its affinity mask), at least 1.
int usable_cores();

}  // namespace threadlab::detail
