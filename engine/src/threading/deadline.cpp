#include "deadline.hpp"

#include <cmath>
#include <stdexcept>

#include "threadlab/threading/timeout.hpp"

namespace threadlab::detail {

double checked_timeout_seconds(double seconds) {
  if (std::isnan(seconds)) throw std::invalid_argument("Invalid value NaN (not a number)");
  if (seconds > TIMEOUT_MAX) throw std::overflow_error("timeout value is too large");
  return seconds;
}

Deadline deadline_after(double seconds, std::chrono::steady_clock::time_point now) {
  using Clock = std::chrono::steady_clock;
  // Compared in double seconds: the duration_cast of a huge timeout, or the
  // sum, would overflow the clock's 64-bit nanoseconds; a second spare covers
  // the rounding of the comparison.
  const double room = std::chrono::duration<double>(Clock::time_point::max() - now).count() - 1.0;
  if (!(seconds < room)) return std::nullopt;
  return now + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
}

}  // namespace threadlab::detail
