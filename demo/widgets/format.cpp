#include "format.hpp"

#include <fmt/format.h>

#include <cmath>
#include <ctime>

namespace threadlab::ui {

namespace {

// Three significant digits: "1.23", "12.3", "123".
std::string three_digits(double value) {
  if (value < 9.995) return fmt::format("{:.2f}", value);
  if (value < 99.95) return fmt::format("{:.1f}", value);
  return fmt::format("{:.0f}", value);
}

}  // namespace

std::string group_thousands(std::uint64_t value) {
  std::string digits = fmt::format("{}", value);
  std::string grouped;
  grouped.reserve(digits.size() + digits.size() / 3);
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) grouped.push_back(',');
    grouped.push_back(digits[i]);
  }
  return grouped;
}

std::string format_count(std::uint64_t value, std::string_view plural_unit) {
  if (value == 1 && plural_unit.ends_with('s')) plural_unit.remove_suffix(1);
  return fmt::format("{} {}", group_thousands(value), plural_unit);
}

std::string format_percent(double percent) { return fmt::format("{:.1f} %", percent); }

std::string format_ms(double milliseconds) {
  if (milliseconds >= 999.95) {
    return fmt::format("{} ms", group_thousands(static_cast<std::uint64_t>(std::llround(milliseconds))));
  }
  return fmt::format("{:.1f} ms", milliseconds);
}

std::string format_duration(std::chrono::nanoseconds duration) {
  const auto ns = duration.count();
  if (ns < 0) return "-" + format_duration(-duration);
  if (ns < 1'000) return fmt::format("{} ns", ns);
  const double value = static_cast<double>(ns);
  // Rounding may carry into the next unit ("999.7 us" would print as "1000 us").
  if (value < 999'500.0) return three_digits(value / 1e3) + " us";
  if (value < 999'500'000.0) return three_digits(value / 1e6) + " ms";
  return three_digits(value / 1e9) + " s";
}

std::string format_seconds(double seconds) { return fmt::format("{:.2f} s", seconds); }

std::string format_rate(double per_second, std::string_view plural_unit) {
  if (per_second < 99.95) return fmt::format("{:.1f} {}/s", per_second, plural_unit);
  return fmt::format("{} {}/s", group_thousands(static_cast<std::uint64_t>(std::llround(per_second))),
                     plural_unit);
}

std::string format_progress(std::uint64_t done, std::uint64_t total, std::string_view plural_unit) {
  const double percent = total ? 100.0 * static_cast<double>(done) / static_cast<double>(total) : 0.0;
  return fmt::format("{} / {} {} ({})", group_thousands(done), group_thousands(total), plural_unit,
                     format_percent(percent));
}

std::string format_hex(std::uint64_t value) { return fmt::format("{:#x}", value); }

std::string format_wall_clock(std::chrono::system_clock::time_point time) {
  using namespace std::chrono;
  const auto whole_seconds = floor<seconds>(time);
  const auto millis = duration_cast<milliseconds>(time - whole_seconds).count();  // 0..999
  const std::time_t as_time_t = system_clock::to_time_t(whole_seconds);
  std::tm local{};
  localtime_r(&as_time_t, &local);
  return fmt::format("{:02}:{:02}:{:02}.{:03}", local.tm_hour, local.tm_min, local.tm_sec, millis);
}

}  // namespace threadlab::ui
