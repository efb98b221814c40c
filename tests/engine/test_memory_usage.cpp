#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "threadlab/measurement/memory_usage.hpp"

using namespace threadlab;

namespace {

// The shape of a real /proc/self/status (Linux 6.1), trimmed.
const std::string status_text =
    "Name:\tthreadlab\n"
    "Umask:\t0022\n"
    "State:\tS (sleeping)\n"
    "VmPeak:\t  912344 kB\n"
    "VmSize:\t  846808 kB\n"
    "VmLck:\t       0 kB\n"
    "VmHWM:\t  131072 kB\n"
    "VmRSS:\t  120000 kB\n"
    "RssAnon:\t   61440 kB\n"
    "Threads:\t9\n";

}  // namespace

TEST_CASE("the resident set size and its peak are read from the VmRSS and VmHWM lines, in bytes") {
  const auto usage = parse_proc_status_memory(status_text);
  REQUIRE(usage);
  CHECK(usage->resident_bytes == 120000ull * 1024);
  CHECK(usage->peak_resident_bytes == 131072ull * 1024);
}

TEST_CASE("lines that only begin like VmRSS are not taken for it") {
  const std::string text = "VmRSSX:\t 5 kB\nVmHWM:\t 7 kB\nVmRSS:\t 6 kB\n";
  const auto usage = parse_proc_status_memory(text);
  REQUIRE(usage);
  CHECK(usage->resident_bytes == 6 * 1024);
}

TEST_CASE("the last line is read even without a trailing newline") {
  const auto usage = parse_proc_status_memory("VmHWM:\t 10 kB\nVmRSS:\t 9 kB");
  REQUIRE(usage);
  CHECK(usage->resident_bytes == 9 * 1024);
  CHECK(usage->peak_resident_bytes == 10 * 1024);
}

TEST_CASE("a status text without both lines, or with a malformed value, gives no figure") {
  const std::vector<std::string> broken = {
      "",
      "Name:\tthreadlab\n",
      "VmRSS:\t 9 kB\n",                       // no VmHWM
      "VmHWM:\t 10 kB\nVmRSS:\t kB\n",         // no number
      "VmHWM:\t 10 kB\nVmRSS:\t -9 kB\n",      // negative
      "VmHWM:\t 10 kB\nVmRSS:\t 9 MB\n",       // unexpected unit
      "VmHWM:\t 10 kB\nVmRSS:\t 9\n",          // no unit
      "VmHWM:\t 10 kB\nVmRSS:\t 99999999999999999999999 kB\n",  // overflows
  };
  for (const std::string& text : broken) {
    INFO(text);
    CHECK_FALSE(parse_proc_status_memory(text));
  }
}

TEST_CASE("this process holds some memory, and never more than its peak") {
  const MemoryUsage usage = current_memory_usage();
  CHECK(usage.resident_bytes > 0);
  CHECK(usage.resident_bytes <= usage.peak_resident_bytes);
}

TEST_CASE("bytes convert to mebibytes") {
  CHECK(to_mebibytes(3 * 1024 * 1024) == 3.0);
  CHECK(to_mebibytes(512 * 1024) == 0.5);
}
