#pragma once
// The text of Linux's /proc files the CPU sampler reads: /proc/stat (per
// core), /proc/self/task/TID/stat (name, state, core) and
// /proc/self/task/TID/schedstat (nanoseconds on a CPU and waiting on a run
// queue). Pure (text in, numbers out), so it is tested on recorded files.

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

// The step from `before` to `after` of a counter that can step backwards
// (iowait is known to on some kernels, and a recycled TID restarts from 0):
// a negative step counts as no time at all.
std::uint64_t forward_delta(std::uint64_t before, std::uint64_t after);

// Whether `text` is a non-empty run of decimal digits (a TID's directory, a core number).
bool all_digits(std::string_view text);

}  // namespace threadlab
