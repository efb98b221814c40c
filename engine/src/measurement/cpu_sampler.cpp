#include "threadlab/measurement/cpu_sampler.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <system_error>
#include <utility>

#include "threadlab/measurement/cpu_clock.hpp"

namespace threadlab {
namespace {

// Reads a small /proc file into a fixed buffer; nullopt when it cannot be
// opened or read, which for a task means the thread has exited.
template <std::size_t Size>
std::optional<std::string_view> read_small_file(int directory_fd, const char* path,
                                                std::array<char, Size>& buffer) {
  const int fd = ::openat(directory_fd, path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  std::size_t used = 0;
  bool failed = false;
  while (used < buffer.size()) {
    const ssize_t got = ::read(fd, buffer.data() + used, buffer.size() - used);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) failed = true;
    if (got <= 0) break;
    used += static_cast<std::size_t>(got);
  }
  ::close(fd);
  if (failed) return std::nullopt;
  return std::string_view(buffer.data(), used);
}

// Reads /proc/stat only as far as its cpu lines: they come first, and the
// "intr" line after them can be tens of kilobytes on large machines.
std::optional<std::string> read_cpu_lines(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  std::string text;
  std::array<char, 4096> chunk;
  std::size_t next_line = 0;
  bool failed = false;
  bool past_cpu_lines = false;
  while (!past_cpu_lines) {
    const ssize_t got = ::read(fd, chunk.data(), chunk.size());
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) failed = true;
    if (got <= 0) break;
    text.append(chunk.data(), static_cast<std::size_t>(got));
    while (text.size() - next_line >= 3) {
      if (std::string_view(text).substr(next_line, 3) != "cpu") {
        past_cpu_lines = true;
        break;
      }
      const std::size_t end = text.find('\n', next_line);
      if (end == std::string::npos) break;
      next_line = end + 1;
    }
  }
  ::close(fd);
  if (failed) return std::nullopt;
  return text;
}

std::chrono::nanoseconds ticks_to_duration(std::uint64_t ticks, long ticks_per_second) {
  const auto per_second = static_cast<std::uint64_t>(ticks_per_second);
  constexpr std::uint64_t ns_per_second = 1'000'000'000;
  // Whole seconds and remainder apart, so large counters do not overflow.
  return std::chrono::nanoseconds(static_cast<std::int64_t>(
      ticks / per_second * ns_per_second + ticks % per_second * ns_per_second / per_second));
}

double percent_of_one_core(std::uint64_t ticks, double seconds) {
  if (seconds <= 0) return 0.0;
  return static_cast<double>(ticks) / static_cast<double>(CpuSampler::ticks_per_second()) /
         seconds * 100.0;
}

std::vector<TaskTimes> read_tasks(const std::string& task_directory, bool live) {
  std::vector<TaskTimes> tasks;
  DIR* const directory = ::opendir(task_directory.c_str());
  if (directory == nullptr) return tasks;
  std::array<char, 2048> buffer;
  std::string path;
  while (const dirent* entry = ::readdir(directory)) {
    const std::string_view name = entry->d_name;
    if (!all_digits(name)) continue;  // ".", ".."
    path.assign(name).append("/stat");
    const auto text = read_small_file(::dirfd(directory), path.c_str(), buffer);
    if (!text) continue;  // the thread exited after it was listed
    auto stat = parse_task_stat(*text);
    if (!stat) continue;
    TaskTimes task{std::move(*stat), std::nullopt};
    path.assign(name).append("/schedstat");
    if (const auto sched_text = read_small_file(::dirfd(directory), path.c_str(), buffer)) {
      task.schedstat = parse_task_schedstat(*sched_text);
    }
    if (live && task.schedstat) {
      if (const auto exact = thread_cpu_time_ns(task.stat.tid)) task.schedstat->run_ns = *exact;
    }
    tasks.push_back(std::move(task));
  }
  ::closedir(directory);
  std::sort(tasks.begin(), tasks.end(),
            [](const TaskTimes& a, const TaskTimes& b) { return a.stat.tid < b.stat.tid; });
  return tasks;
}

template <typename Task>
const Task* find_task(const std::vector<Task>& sorted_tasks, std::int64_t tid) {
  const auto found = std::lower_bound(
      sorted_tasks.begin(), sorted_tasks.end(), tid,
      [](const Task& task, std::int64_t wanted) { return task.stat.tid < wanted; });
  return found != sorted_tasks.end() && found->stat.tid == tid ? &*found : nullptr;
}

std::optional<std::uint64_t> read_process_ticks(const std::string& self_stat_path) {
  std::array<char, 2048> buffer;
  const auto text = read_small_file(AT_FDCWD, self_stat_path.c_str(), buffer);
  if (!text) return std::nullopt;
  const auto stat = parse_task_stat(*text);
  if (!stat) return std::nullopt;
  return stat->utime + stat->stime;
}

}  // namespace

CpuSampler::CpuSampler(std::string proc_root)
    : proc_root_(std::move(proc_root)), live_(proc_root_ == "/proc") {}

long CpuSampler::ticks_per_second() {
  // USER_HZ, the unit of every counter in /proc; 100 on every Linux port.
  static const long ticks = [] {
    const long reported = ::sysconf(_SC_CLK_TCK);
    return reported > 0 ? reported : 100L;
  }();
  return ticks;
}

CpuSample CpuSampler::sample() { return sample(std::chrono::steady_clock::now()); }

namespace {

// Per-core load from /proc/stat against the previous read, which it then
// replaces. On a failed read the older one stays: utilisation is a ratio of
// tick deltas, so a longer interval is still right.
void sample_cores(const std::string& stat_path, std::optional<ProcStat>& previous, CpuSample& result) {
  std::optional<ProcStat> stat;
  if (const auto text = read_cpu_lines(stat_path)) stat = parse_proc_stat(*text);
  if (!stat) return;
  if (previous) {
    result.core_load = core_utilisation(*previous, *stat);
    result.total_load = total_utilisation(*previous, *stat);
  } else {
    result.core_load.assign(stat->cores.size(), 0.0);
  }
  previous = std::move(stat);
}

// One thread over the interval of `seconds` (0: the first sample). `before`
// is its previous read, null when it was not there; `new_thread`: it
// started during the interval, so all of its CPU time falls inside it.
// `percent` gets its share of one core before any clamping, for the total.
ThreadCpu thread_cpu_of(const TaskTimes& task, const TaskTimes* before, bool new_thread, double seconds, long hz,
                        double& percent) {
  ThreadCpu thread;
  thread.tid = task.stat.tid;
  thread.comm = task.stat.comm;
  thread.last_core = task.stat.last_core;
  percent = 0;
  if (task.schedstat) {
    thread.nanosecond_resolution = true;
    thread.cpu_time = std::chrono::nanoseconds(task.schedstat->run_ns);
    thread.run_queue_time = std::chrono::nanoseconds(task.schedstat->wait_ns);
    const TaskSchedstat zero{};
    const TaskSchedstat* then = before && before->schedstat ? &*before->schedstat : (new_thread ? &zero : nullptr);
    if (then != nullptr && seconds > 0) {
      percent = static_cast<double>(forward_delta(then->run_ns, task.schedstat->run_ns)) / 1e9 / seconds * 100.0;
      // Never above one core: a thread runs on one core at a time, and
      // the interval is timed a moment before the files are read.
      thread.cpu_percent = std::min(percent, 100.0);
      thread.run_queue_percent = std::min(
          static_cast<double>(forward_delta(then->wait_ns, task.schedstat->wait_ns)) / 1e9 / seconds * 100.0, 100.0);
    }
    return thread;
  }
  const std::uint64_t ticks = task.stat.utime + task.stat.stime;
  thread.cpu_time = ticks_to_duration(ticks, hz);
  const std::uint64_t ticks_before = before ? before->stat.utime + before->stat.stime : 0;
  if (before != nullptr || new_thread) {
    percent = percent_of_one_core(forward_delta(ticks_before, ticks), seconds);
    // Ticks are counted at whole-tick granularity, so a thread busy for
    // the whole interval can appear to use a tick more than it had.
    thread.cpu_percent = std::min(percent, 100.0);
  }
  return thread;
}

}  // namespace

CpuSample CpuSampler::sample(std::chrono::steady_clock::time_point now) {
  CpuSample result;
  result.taken_at = now;
  const double seconds =
      previous_at_ ? std::chrono::duration<double>(now - *previous_at_).count() : 0.0;
  sample_cores(proc_root_ + "/stat", previous_stat_, result);

  std::vector<TaskTimes> tasks = read_tasks(proc_root_ + "/self/task", live_);
  const long hz = ticks_per_second();
  double threads_percent = 0;
  result.threads.reserve(tasks.size());
  for (const TaskTimes& task : tasks) {
    const TaskTimes* before = find_task(previous_tasks_, task.stat.tid);
    // Not new on the first sample, which has no interval.
    const bool new_thread = before == nullptr && previous_at_.has_value();
    double percent = 0;
    result.threads.push_back(thread_cpu_of(task, before, new_thread, seconds, hz, percent));
    threads_percent += percent;
  }
  for (const TaskTimes& then : previous_tasks_) {
    if (find_task(tasks, then.stat.tid) == nullptr) result.ended_tids.push_back(then.stat.tid);
  }
  previous_tasks_ = std::move(tasks);

  std::optional<std::chrono::nanoseconds> process_time;
  if (live_) {
    process_time = process_cpu_time();
  } else if (const auto process_ticks = read_process_ticks(proc_root_ + "/self/stat")) {
    process_time = ticks_to_duration(*process_ticks, hz);
  }
  if (process_time && previous_process_time_ && seconds > 0) {
    result.process_percent =
        std::chrono::duration<double>(std::max(*process_time - *previous_process_time_, std::chrono::nanoseconds(0)))
            .count() /
        seconds * 100.0;
    // What no live thread accounts for was used by threads that ended.
    if (!result.ended_tids.empty())
      result.ended_threads_percent = std::max(result.process_percent - threads_percent, 0.0);
  } else if (previous_at_) {
    result.process_percent = threads_percent;
  }
  if (!result.core_load.empty()) {
    result.process_percent =
        std::min(result.process_percent, 100.0 * static_cast<double>(result.core_load.size()));
  }
  previous_process_time_ = process_time;
  previous_at_ = now;
  return result;
}

}  // namespace threadlab
