// The machine a figure was measured on, read from /proc text.
#include <catch2/catch.hpp>

#include <chrono>

#include "threadlab/measurement/machine.hpp"

using namespace threadlab;

TEST_CASE("The CPU model is the first model name line of /proc/cpuinfo", "[machine]") {
  const char* cpuinfo =
      "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 7B13\nflags\t\t: fpu\n\n"
      "processor\t: 1\nmodel name\t: another\n";
  CHECK(parse_cpu_model(cpuinfo) == std::optional<std::string>("AMD EPYC 7B13"));
  CHECK_FALSE(parse_cpu_model("processor\t: 0\nmodel name\t:   \n").has_value());
  CHECK_FALSE(parse_cpu_model("").has_value());
}

TEST_CASE("Load averages are the first three fields of /proc/loadavg, anything else is refused", "[machine]") {
  const auto load = parse_load_averages("1.13 2.99 0.05 3/412 12345\n");
  REQUIRE(load);
  CHECK(load->one_minute == Approx(1.13));
  CHECK(load->five_minutes == Approx(2.99));
  CHECK(load->fifteen_minutes == Approx(0.05));
  CHECK_FALSE(parse_load_averages("1.0 2.0").has_value());
  CHECK_FALSE(parse_load_averages("a b c").has_value());
  CHECK_FALSE(parse_load_averages("-1 2 3").has_value());
}

TEST_CASE("This machine has a core, and a date reads as UTC", "[machine]") {
  const MachineFacts machine = current_machine();
  CHECK(machine.cores >= 1);
  CHECK_FALSE(machine.cpu_model.empty());
  CHECK(utc_date_text(std::chrono::system_clock::time_point{}) == "1970-01-01 00:00 UTC");
}
