#pragma once
// What the /proc tests share: the recorded files in tests/data, and the
// kernel's layout of one thread's stat line.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "threadlab/measurement/cpu_sampler.hpp"

namespace threadlab::test {

inline std::string read_fixture(const std::string& name) {
  std::ifstream file(std::filesystem::path(THREADLAB_TEST_DATA_DIR) / name, std::ios::binary);
  REQUIRE(file);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

inline ProcStat parsed_fixture(const std::string& name) {
  const auto stat = parse_proc_stat(read_fixture(name));
  REQUIRE(stat);
  return *stat;
}

// One /proc/[pid]/task/[tid]/stat line laid out as the kernel writes it.
inline std::string task_line(std::int64_t tid, const std::string& comm, std::uint64_t utime,
                      std::uint64_t stime, int core = 0) {
  return std::to_string(tid) + " (" + comm + ") S 4200 4200 2496 0 -1 4194368 17 0 0 0 " +
         std::to_string(utime) + " " + std::to_string(stime) +
         " 0 0 20 0 3 0 60000 92803072 3467 18446744073709551615 1 1 0 0 0 0 0 16781312 2 0 0 0"
         " -1 " +
         std::to_string(core) + " 0 0 0 0 0 0 0 0 0 0 0 0 0\n";
}

// The sample's row of thread `tid`, or null.
inline const ThreadCpu* find_thread(const CpuSample& sample, std::int64_t tid) {
  const auto found = std::find_if(sample.threads.begin(), sample.threads.end(),
                                  [&](const ThreadCpu& t) { return t.tid == tid; });
  return found != sample.threads.end() ? &*found : nullptr;
}

}  // namespace threadlab::test
