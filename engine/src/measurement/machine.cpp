#include "threadlab/measurement/machine.hpp"

#include <algorithm>
#include <charconv>
#include <ctime>
#include <fstream>
#include <sstream>
#include <thread>

namespace threadlab {
namespace {

std::string read_text(const char* path) {
  std::ifstream file(path);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r");
  return text.substr(first, last - first + 1);
}

}  // namespace

std::optional<std::string> parse_cpu_model(std::string_view cpuinfo_text) {
  while (!cpuinfo_text.empty()) {
    const auto end = cpuinfo_text.find('\n');
    const std::string_view line = cpuinfo_text.substr(0, end);
    cpuinfo_text = end == std::string_view::npos ? std::string_view() : cpuinfo_text.substr(end + 1);
    if (line.rfind("model name", 0) != 0) continue;
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string_view model = trim(line.substr(colon + 1));
    if (!model.empty()) return std::string(model);
  }
  return std::nullopt;
}

std::optional<LoadAverages> parse_load_averages(std::string_view loadavg_text) {
  double values[3];
  const char* at = loadavg_text.data();
  const char* const end = at + loadavg_text.size();
  for (double& value : values) {
    while (at < end && *at == ' ') ++at;
    const auto [next, error] = std::from_chars(at, end, value);
    if (error != std::errc() || next == at || value < 0) return std::nullopt;
    at = next;
  }
  return LoadAverages{values[0], values[1], values[2]};
}

std::optional<LoadAverages> current_load_averages() { return parse_load_averages(read_text("/proc/loadavg")); }

int core_count() { return std::max(1, static_cast<int>(std::thread::hardware_concurrency())); }

MachineFacts current_machine() {
  MachineFacts facts;
  facts.cpu_model = parse_cpu_model(read_text("/proc/cpuinfo")).value_or("unknown");
  facts.cores = core_count();
  facts.load = current_load_averages();
  return facts;
}

std::string utc_date_text(std::chrono::system_clock::time_point when) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(when);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M UTC", &utc);
  return text;
}

}  // namespace threadlab
