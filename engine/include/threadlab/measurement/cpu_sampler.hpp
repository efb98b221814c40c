#pragma once
// CPU load from Linux's /proc: per core from /proc/stat, per thread from
// /proc/self/task/TID/stat and schedstat. The text is parsed by proc_text.hpp
// (tested on recorded files); CpuSampler does the reading and the differencing.
//
// Why nanoseconds: stat's utime + stime count 100 ticks a second, so over a
// 100 ms sample a thread reads 0 % or 10 % and nothing in between.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "proc_text.hpp"

namespace threadlab {

struct ThreadCpu {
  std::int64_t tid = 0;
  std::string comm;
  double cpu_percent = 0;  // of one core, over the last interval
  std::chrono::nanoseconds cpu_time{0};  // since the thread started
  // Share of the last interval the thread was runnable but waited for a
  // core (schedstat's second field): the cost of more threads than cores.
  double run_queue_percent = 0;
  std::chrono::nanoseconds run_queue_time{0};  // since the thread started
  bool nanosecond_resolution = false;  // false: from stat's ticks (no schedstat)
  int last_core = -1;
};

struct CpuSample {
  std::chrono::steady_clock::time_point taken_at{};
  std::vector<double> core_load;  // [0, 1] per core, over the last interval
  double total_load = 0;          // [0, 1], all cores
  double process_percent = 0;     // this process, % of one core (can exceed 100)
  std::vector<ThreadCpu> threads; // this process's threads
  // Threads of the previous sample gone in this one, and the CPU they used
  // in the interval before they ended (the process's CPU that no live thread
  // accounts for), % of one core.
  std::vector<std::int64_t> ended_tids;
  double ended_threads_percent = 0;
};

// Reads /proc and differences against the previous sample. Not thread-safe:
// one owner calls sample() (the engine's sampler thread in the demo).
// Threads that exit while being read are skipped; the first sample has no
// previous one, so its loads and percentages are all 0.
class CpuSampler {
 public:
  explicit CpuSampler(std::string proc_root = "/proc");
  CpuSample sample();
  // Same, with the time of the sample given: tests drive a fake proc_root
  // with exact intervals instead of waiting for real ones.
  CpuSample sample(std::chrono::steady_clock::time_point now);
  static long ticks_per_second();

 private:
  std::string proc_root_;
  std::optional<ProcStat> previous_stat_;
  std::optional<std::chrono::steady_clock::time_point> previous_at_;
  std::vector<TaskTimes> previous_tasks_;  // sorted by tid
  // The real /proc of this process: thread CPU clocks can be read directly.
  const bool live_;
  // CPU time of the whole process, which unlike the sum over live threads
  // still counts threads that just exited: CLOCK_PROCESS_CPUTIME_ID (ns) for
  // the real /proc, else utime + stime from <proc_root>/self/stat.
  std::optional<std::chrono::nanoseconds> previous_process_time_;
};

}  // namespace threadlab
