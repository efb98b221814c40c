#include "threadlab/measurement/memory_usage.hpp"

#include <charconv>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace threadlab {
namespace {

// The value of the "KEY:   123 kB" line, in bytes; nullopt when absent or malformed.
std::optional<std::uint64_t> kibibyte_field(std::string_view text, std::string_view key) {
  std::size_t line_start = 0;
  while (line_start < text.size()) {
    std::size_t line_end = text.find('\n', line_start);
    if (line_end == std::string_view::npos) line_end = text.size();
    const std::string_view line = text.substr(line_start, line_end - line_start);
    line_start = line_end + 1;
    if (line.size() <= key.size() || line.substr(0, key.size()) != key || line[key.size()] != ':') continue;

    std::string_view rest = line.substr(key.size() + 1);
    const std::size_t digits = rest.find_first_not_of(" \t");
    if (digits == std::string_view::npos) return std::nullopt;
    rest.remove_prefix(digits);
    std::uint64_t kibibytes = 0;
    const auto [end, error] = std::from_chars(rest.data(), rest.data() + rest.size(), kibibytes);
    if (error != std::errc{} || end == rest.data()) return std::nullopt;
    std::string_view unit(end, static_cast<std::size_t>(rest.data() + rest.size() - end));
    const std::size_t unit_start = unit.find_first_not_of(" \t");
    unit = unit_start == std::string_view::npos ? std::string_view{} : unit.substr(unit_start);
    while (!unit.empty() && (unit.back() == ' ' || unit.back() == '\t' || unit.back() == '\r')) unit.remove_suffix(1);
    if (unit != "kB") return std::nullopt;
    if (kibibytes > UINT64_MAX / 1024) return std::nullopt;
    return kibibytes * 1024;
  }
  return std::nullopt;
}

}  // namespace

std::optional<MemoryUsage> parse_proc_status_memory(std::string_view status_text) {
  const auto resident = kibibyte_field(status_text, "VmRSS");
  const auto peak = kibibyte_field(status_text, "VmHWM");
  if (!resident || !peak) return std::nullopt;
  return MemoryUsage{*resident, *peak};
}

MemoryUsage current_memory_usage() {
  std::ifstream file("/proc/self/status");
  std::ostringstream text;
  text << file.rdbuf();
  if (!file && !file.eof()) throw std::runtime_error("cannot read /proc/self/status");
  const auto usage = parse_proc_status_memory(text.str());
  if (!usage) throw std::runtime_error("/proc/self/status has no VmRSS and VmHWM lines in kB");
  return *usage;
}

}  // namespace threadlab
