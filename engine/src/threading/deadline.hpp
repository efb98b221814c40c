#pragma once
// From a Python-style timeout to a steady-clock deadline (timeout.hpp has the
// rules): the checks every timed wait makes, and a deadline that cannot
// overflow the clock.

#include <chrono>
#include <optional>

namespace threadlab::detail {

using Deadline = std::optional<std::chrono::steady_clock::time_point>;

// Throws std::invalid_argument for NaN and std::overflow_error above
// TIMEOUT_MAX; returns the timeout otherwise (negatives are the caller's).
double checked_timeout_seconds(double seconds);

// `seconds` (checked, not negative) after `now`; empty when that lies beyond
// what the clock can count, which is then a wait without end.
Deadline deadline_after(double seconds, std::chrono::steady_clock::time_point now);

}  // namespace threadlab::detail
