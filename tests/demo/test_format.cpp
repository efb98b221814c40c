// Every figure a panel shows carries its unit: durations, counts, rates,
// progress, percentages and the wall clock.

#include <catch2/catch.hpp>
#include <chrono>
#include <string>

#include "widgets/format.hpp"

using namespace threadlab::ui;
using namespace std::chrono_literals;

TEST_CASE("Durations pick the unit that keeps three significant digits", "[panels][format]") {
  CHECK(format_duration(0ns) == "0 ns");
  CHECK(format_duration(850ns) == "850 ns");
  CHECK(format_duration(1'000ns) == "1.00 us");
  CHECK(format_duration(12'345ns) == "12.3 us");
  CHECK(format_duration(999'700ns) == "1.00 ms");  // rounding carries into the next unit
  CHECK(format_duration(3ms) == "3.00 ms");
  CHECK(format_duration(123'456'789ns) == "123 ms");
  CHECK(format_duration(4'560ms) == "4.56 s");
}

TEST_CASE("Counts, rates and progress carry their units", "[panels][format]") {
  CHECK(group_thousands(0) == "0");
  CHECK(group_thousands(999) == "999");
  CHECK(group_thousands(1'000) == "1,000");
  CHECK(group_thousands(1'234'567) == "1,234,567");
  CHECK(format_count(1, "threads") == "1 thread");
  CHECK(format_count(3, "threads") == "3 threads");
  CHECK(format_count(0, "items") == "0 items");
  CHECK(format_rate(12'345.4, "items") == "12,345 items/s");
  CHECK(format_rate(3.46, "items") == "3.5 items/s");
  CHECK(format_progress(120, 480, "items") == "120 / 480 items (25.0 %)");
  CHECK(format_progress(0, 0, "items") == "0 / 0 items (0.0 %)");
  CHECK(format_percent(73.24) == "73.2 %");
  CHECK(format_ms(16.66) == "16.7 ms");
  CHECK(format_ms(2'345.4) == "2,345 ms");
  CHECK(format_seconds(2.414) == "2.41 s");
  CHECK(format_hex(0x7f3a) == "0x7f3a");
}

TEST_CASE("The wall clock shows hours to milliseconds", "[panels][format]") {
  const std::string clock = format_wall_clock(std::chrono::system_clock::time_point(1'700'000'000'123ms));
  REQUIRE(clock.size() == 12);  // HH:MM:SS.mmm
  CHECK(clock.substr(8) == ".123");
  CHECK(clock[2] == ':');
  CHECK(clock[5] == ':');
}
