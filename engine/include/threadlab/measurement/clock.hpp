#pragma once
// The clock every figure is taken with, and the conversions the figures are
// written in: milliseconds and seconds as doubles.

#include <chrono>

namespace threadlab {

using Clock = std::chrono::steady_clock;
using Millis = std::chrono::duration<double, std::milli>;

// Any duration in milliseconds.
template <class Rep, class Period>
double to_ms(std::chrono::duration<Rep, Period> duration) {
  return std::chrono::duration<double, std::milli>(duration).count();
}

// Any duration in microseconds.
template <class Rep, class Period>
double to_us(std::chrono::duration<Rep, Period> duration) {
  return std::chrono::duration<double, std::micro>(duration).count();
}

inline double seconds_between(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

}  // namespace threadlab
