#pragma once
// How much memory this process holds: its resident set size (what the
// kernel keeps in RAM for it) and the peak of that, as Linux reports them in
// /proc/self/status. The macro benchmark samples it to tell a steady process
// from a leaking one.

#include <cstdint>
#include <optional>
#include <string_view>

namespace threadlab {

struct MemoryUsage {
  std::uint64_t resident_bytes = 0;       // VmRSS
  std::uint64_t peak_resident_bytes = 0;  // VmHWM
};

// Reads the VmRSS and VmHWM lines ("VmRSS:\t   12345 kB") of a
// /proc/PID/status text. nullopt when either is missing or malformed.
std::optional<MemoryUsage> parse_proc_status_memory(std::string_view status_text);

// This process, now. Throws std::runtime_error when /proc/self/status cannot
// be read or parsed.
MemoryUsage current_memory_usage();

inline double to_mebibytes(std::uint64_t bytes) { return static_cast<double>(bytes) / (1024.0 * 1024.0); }

}  // namespace threadlab
