#pragma once
// How every panel writes numbers: one place, so that the same quantity reads
// the same everywhere and every figure carries its unit. Pure text, no ImGui.
// The default ImGui font is ASCII only, hence "us" rather than a micro sign.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace threadlab::ui {

// "1,234,567".
std::string group_thousands(std::uint64_t value);

// "1,234 items", "1 item": the unit is given in the plural and loses its
// final 's' for exactly one.
std::string format_count(std::uint64_t value, std::string_view plural_unit);

// "73.2 %".
std::string format_percent(double percent);

// "16.7 ms"; whole milliseconds from 1,000 ms up ("2,345 ms").
std::string format_ms(double milliseconds);

// Adaptive unit with three significant digits: "850 ns", "12.3 us", "1.23 ms", "4.56 s".
std::string format_duration(std::chrono::nanoseconds duration);

// "2.41 s".
std::string format_seconds(double seconds);

// "12,345 items/s"; one decimal below 100 ("3.5 items/s").
std::string format_rate(double per_second, std::string_view plural_unit);

// "123 / 480 items (25.6 %)".
std::string format_progress(std::uint64_t done, std::uint64_t total, std::string_view plural_unit);

// "0x7f3a12345678".
std::string format_hex(std::uint64_t value);

// Local time of day with milliseconds: "14:03:22.481".
std::string format_wall_clock(std::chrono::system_clock::time_point time);

}  // namespace threadlab::ui
