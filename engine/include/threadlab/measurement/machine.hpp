#pragma once
// What machine a figure was measured on, so that every table the project
// prints can say so beside it: the CPU model and core count
// (/proc/cpuinfo), the load averages (/proc/loadavg) and the date.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace threadlab {

struct LoadAverages {
  double one_minute = 0, five_minutes = 0, fifteen_minutes = 0;
};

// The first "model name" of a /proc/cpuinfo text; nullopt when there is none.
std::optional<std::string> parse_cpu_model(std::string_view cpuinfo_text);
// The first three fields of a /proc/loadavg text; nullopt when malformed.
std::optional<LoadAverages> parse_load_averages(std::string_view loadavg_text);

// std::thread::hardware_concurrency(), at least 1 (it may say 0: unknown).
int core_count();

struct MachineFacts {
  std::string cpu_model = "unknown";
  int cores = 1;  // core_count()
  std::optional<LoadAverages> load;  // none where /proc/loadavg cannot be read
};

// This machine, now.
MachineFacts current_machine();
std::optional<LoadAverages> current_load_averages();

// "2026-12-02 05:37 UTC"
std::string utc_date_text(std::chrono::system_clock::time_point when);

}  // namespace threadlab
