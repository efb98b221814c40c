#pragma once
// CPU load from Linux's /proc: per core from /proc/stat, per thread from
// /proc/self/task/TID/stat (name, state, core) and /proc/self/task/TID/schedstat
// (nanoseconds on a CPU and waiting on a run queue). Parsing is pure (text in,
// numbers out) so it is tested on recorded files; CpuSampler does the reading
// and the differencing.
//
// Why nanoseconds: stat's utime + stime count 100 ticks a second, so over a
// 100 ms sample a thread reads 0 % or 10 % and nothing in between.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace threadlab {

// One "cpuN ..." line of /proc/stat, in clock ticks (USER_HZ).
struct CoreTimes {
  int core = -1;  // -1 for the aggregate "cpu" line
  std::uint64_t user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0,
                steal = 0;
  std::uint64_t busy() const { return user + nice + system + irq + softirq + steal; }
  std::uint64_t total() const { return busy() + idle + iowait; }
};

struct ProcStat {
  CoreTimes all;                // the aggregate "cpu" line
  std::vector<CoreTimes> cores; // "cpu0", "cpu1", ... in core order
};

// Parses /proc/stat text; std::nullopt when it has no "cpu" line.
std::optional<ProcStat> parse_proc_stat(std::string_view text);

// Fields of /proc/[pid]/task/[tid]/stat that the UI needs.
struct TaskStat {
  std::int64_t tid = 0;
  std::string comm;   // the kernel's thread name (15 characters at most)
  char state = '?';   // R, S, D, ...
  std::uint64_t utime = 0, stime = 0;  // clock ticks
  int last_core = -1; // field 39, "processor"
};

// Parses one task stat line; copes with spaces and parentheses in comm.
std::optional<TaskStat> parse_task_stat(std::string_view text);

// /proc/[pid]/task/[tid]/schedstat: "run_ns wait_ns timeslices".
struct TaskSchedstat {
  std::uint64_t run_ns = 0;   // time on a CPU
  std::uint64_t wait_ns = 0;  // time runnable but waiting on a run queue (for a core)
  std::uint64_t timeslices = 0;
};
// Parses schedstat text; nullopt unless it holds three numbers.
std::optional<TaskSchedstat> parse_task_schedstat(std::string_view text);

// One thread as read: stat, and schedstat when the kernel has it.
struct TaskTimes {
  TaskStat stat;
  std::optional<TaskSchedstat> schedstat;
};

// Utilisation in [0, 1] of each core between two samples.
std::vector<double> core_utilisation(const ProcStat& before, const ProcStat& after);
double total_utilisation(const ProcStat& before, const ProcStat& after);

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
