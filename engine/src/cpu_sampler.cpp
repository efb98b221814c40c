#include "threadlab/cpu_sampler.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <time.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <system_error>
#include <utility>

namespace threadlab {
namespace {

bool is_separator(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Whitespace-separated tokens of one line, without allocating.
class Tokens {
 public:
  explicit Tokens(std::string_view text) : rest_(text) {}

  std::optional<std::string_view> next() {
    std::size_t begin = 0;
    while (begin < rest_.size() && is_separator(rest_[begin])) ++begin;
    if (begin == rest_.size()) return std::nullopt;
    std::size_t end = begin;
    while (end < rest_.size() && !is_separator(rest_[end])) ++end;
    const std::string_view token = rest_.substr(begin, end - begin);
    rest_.remove_prefix(end);
    return token;
  }

 private:
  std::string_view rest_;
};

// The whole token must be a number: "12x" and "" are not.
template <typename Number>
std::optional<Number> to_number(std::string_view token) {
  Number value{};
  const char* const end = token.data() + token.size();
  const auto [stop, error] = std::from_chars(token.data(), end, value);
  if (error != std::errc{} || stop != end || token.empty()) return std::nullopt;
  return value;
}

bool all_digits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "cpu" is the aggregate line and "cpuN" core N; anything else (say a
// future "cpufreq" line) is some other kind of line.
bool is_cpu_line_name(std::string_view name) {
  return name.starts_with("cpu") && (name.size() == 3 || all_digits(name.substr(3)));
}

// Parses "cpuN user nice system idle iowait irq softirq steal [guest guest_nice]".
// Kernels before 2.6 print only the first four counters; the rest stay 0.
// guest and guest_nice are already included in user and nice, so they are
// not read (counting them again would inflate busy time).
std::optional<CoreTimes> parse_cpu_line(std::string_view line) {
  Tokens tokens(line);
  const std::string_view name = tokens.next().value_or("");
  CoreTimes times;
  if (name.size() > 3) {
    const auto core = to_number<int>(name.substr(3));
    if (!core) return std::nullopt;
    times.core = *core;
  }
  const std::array<std::uint64_t*, 8> counters = {&times.user,    &times.nice,   &times.system,
                                                  &times.idle,    &times.iowait, &times.irq,
                                                  &times.softirq, &times.steal};
  std::size_t parsed = 0;
  while (parsed < counters.size()) {
    const auto token = tokens.next();
    if (!token) break;
    const auto value = to_number<std::uint64_t>(*token);
    if (!value) return std::nullopt;
    *counters[parsed++] = *value;
  }
  if (parsed < 4) return std::nullopt;
  return times;
}

// Counters can step backwards (iowait is known to on some kernels, and a
// recycled TID restarts from 0): a negative step counts as no time at all.
std::uint64_t forward_delta(std::uint64_t before, std::uint64_t after) {
  return after > before ? after - before : 0;
}

double utilisation(const CoreTimes& before, const CoreTimes& after) {
  const std::uint64_t busy =
      forward_delta(before.user, after.user) + forward_delta(before.nice, after.nice) +
      forward_delta(before.system, after.system) + forward_delta(before.irq, after.irq) +
      forward_delta(before.softirq, after.softirq) + forward_delta(before.steal, after.steal);
  const std::uint64_t total = busy + forward_delta(before.idle, after.idle) +
                              forward_delta(before.iowait, after.iowait);
  if (total == 0) return 0.0;
  return std::clamp(static_cast<double>(busy) / static_cast<double>(total), 0.0, 1.0);
}

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

// The CPU-time clock of thread `tid` of this process, as glibc's
// pthread_getcpuclockid builds it (kernel ABI: CPUCLOCK_PERTHREAD_MASK 4,
// CPUCLOCK_SCHED 2). Unlike schedstat, which the kernel brings up to date only
// at ticks and context switches (up to one tick, 4 ms, behind for a busy
// thread: 4 % of a 100 ms sample), reading the clock counts the slice
// running right now, so the figure is exact to the nanosecond.
std::optional<std::uint64_t> thread_clock_ns(std::int64_t tid) {
  const clockid_t clock = static_cast<clockid_t>((~static_cast<clockid_t>(tid) << 3) | 4 | 2);
  timespec now{};
  if (::clock_gettime(clock, &now) != 0) return std::nullopt;
  return static_cast<std::uint64_t>(now.tv_sec) * 1'000'000'000u + static_cast<std::uint64_t>(now.tv_nsec);
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
      if (const auto exact = thread_clock_ns(task.stat.tid)) task.schedstat->run_ns = *exact;
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

std::optional<ProcStat> parse_proc_stat(std::string_view text) {
  ProcStat stat;
  bool have_aggregate = false;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);

    const std::string_view name = Tokens(line).next().value_or("");
    if (!is_cpu_line_name(name)) continue;
    const auto times = parse_cpu_line(line);
    if (!times) return std::nullopt;
    if (times->core >= 0) {
      stat.cores.push_back(*times);
    } else {
      if (have_aggregate) return std::nullopt;
      stat.all = *times;
      have_aggregate = true;
    }
  }
  if (!have_aggregate) return std::nullopt;
  std::sort(stat.cores.begin(), stat.cores.end(),
            [](const CoreTimes& a, const CoreTimes& b) { return a.core < b.core; });
  const auto duplicate = std::adjacent_find(
      stat.cores.begin(), stat.cores.end(),
      [](const CoreTimes& a, const CoreTimes& b) { return a.core == b.core; });
  if (duplicate != stat.cores.end()) return std::nullopt;
  return stat;
}

// Format: "tid (comm) state ppid ..." where field 14 is utime, 15 stime and
// 39 processor. comm may itself contain spaces and ')', so it ends at the
// LAST ')'. Kernels before 2.2.8 lack "processor": last_core stays -1.
std::optional<TaskStat> parse_task_stat(std::string_view text) {
  const std::size_t open = text.find('(');
  const std::size_t close = text.rfind(')');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) {
    return std::nullopt;
  }
  TaskStat stat;
  const auto tid = Tokens(text.substr(0, open)).next();
  if (!tid || !all_digits(*tid)) return std::nullopt;
  const auto tid_value = to_number<std::int64_t>(*tid);
  if (!tid_value) return std::nullopt;
  stat.tid = *tid_value;
  stat.comm = std::string(text.substr(open + 1, close - open - 1));

  Tokens fields(text.substr(close + 1));
  const auto state = fields.next();
  if (!state || state->size() != 1) return std::nullopt;
  stat.state = state->front();

  constexpr int utime_field = 14, stime_field = 15, processor_field = 39;
  int field = 3;  // the state
  while (field < processor_field) {
    const auto token = fields.next();
    if (!token) break;
    ++field;
    if (field == utime_field || field == stime_field) {
      const auto ticks = to_number<std::uint64_t>(*token);
      if (!ticks) return std::nullopt;
      (field == utime_field ? stat.utime : stat.stime) = *ticks;
    } else if (field == processor_field) {
      const auto core = to_number<int>(*token);
      if (!core) return std::nullopt;
      stat.last_core = *core;
    }
  }
  if (field < stime_field) return std::nullopt;
  return stat;
}

std::optional<TaskSchedstat> parse_task_schedstat(std::string_view text) {
  Tokens tokens(text);
  std::array<std::uint64_t, 3> values{};
  for (std::uint64_t& value : values) {
    const auto token = tokens.next();
    if (!token) return std::nullopt;
    const auto number = to_number<std::uint64_t>(*token);
    if (!number) return std::nullopt;
    value = *number;
  }
  if (tokens.next()) return std::nullopt;  // not the three-field format this reads
  return TaskSchedstat{values[0], values[1], values[2]};
}

std::vector<double> core_utilisation(const ProcStat& before, const ProcStat& after) {
  std::vector<double> loads;
  loads.reserve(after.cores.size());
  for (std::size_t i = 0; i < after.cores.size(); ++i) {
    const CoreTimes& now = after.cores[i];
    // Cores are matched by number, not position: one may have gone offline.
    const CoreTimes* then = nullptr;
    if (i < before.cores.size() && before.cores[i].core == now.core) {
      then = &before.cores[i];
    } else {
      const auto found = std::find_if(before.cores.begin(), before.cores.end(),
                                      [&](const CoreTimes& c) { return c.core == now.core; });
      if (found != before.cores.end()) then = &*found;
    }
    loads.push_back(then != nullptr ? utilisation(*then, now) : 0.0);
  }
  return loads;
}

double total_utilisation(const ProcStat& before, const ProcStat& after) {
  return utilisation(before.all, after.all);
}

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

CpuSample CpuSampler::sample(std::chrono::steady_clock::time_point now) {
  CpuSample result;
  result.taken_at = now;
  const double seconds =
      previous_at_ ? std::chrono::duration<double>(now - *previous_at_).count() : 0.0;

  std::optional<ProcStat> stat;
  if (const auto text = read_cpu_lines(proc_root_ + "/stat")) stat = parse_proc_stat(*text);
  if (stat) {
    if (previous_stat_) {
      result.core_load = core_utilisation(*previous_stat_, *stat);
      result.total_load = total_utilisation(*previous_stat_, *stat);
    } else {
      result.core_load.assign(stat->cores.size(), 0.0);
    }
    // On a failed read the older sample stays: utilisation is a ratio of
    // tick deltas, so a longer interval is still right.
    previous_stat_ = std::move(stat);
  }

  std::vector<TaskTimes> tasks = read_tasks(proc_root_ + "/self/task", live_);
  const long hz = ticks_per_second();
  double threads_percent = 0;
  result.threads.reserve(tasks.size());
  for (const TaskTimes& task : tasks) {
    ThreadCpu thread;
    thread.tid = task.stat.tid;
    thread.comm = task.stat.comm;
    thread.last_core = task.stat.last_core;
    const std::uint64_t ticks = task.stat.utime + task.stat.stime;
    const TaskTimes* before = find_task(previous_tasks_, task.stat.tid);
    // A thread that was not there last time started during the interval:
    // all of its CPU time falls inside it. (Not on the first sample, which
    // has no interval.)
    const bool new_thread = before == nullptr && previous_at_.has_value();
    if (task.schedstat) {
      thread.nanosecond_resolution = true;
      thread.cpu_time = std::chrono::nanoseconds(task.schedstat->run_ns);
      thread.run_queue_time = std::chrono::nanoseconds(task.schedstat->wait_ns);
      const TaskSchedstat zero{};
      const TaskSchedstat* then = before && before->schedstat ? &*before->schedstat : (new_thread ? &zero : nullptr);
      if (then != nullptr && seconds > 0) {
        const double percent = static_cast<double>(forward_delta(then->run_ns, task.schedstat->run_ns)) / 1e9 / seconds * 100.0;
        threads_percent += percent;
        // Never above one core: a thread runs on one core at a time, and
        // the interval is timed a moment before the files are read.
        thread.cpu_percent = std::min(percent, 100.0);
        thread.run_queue_percent = std::min(
            static_cast<double>(forward_delta(then->wait_ns, task.schedstat->wait_ns)) / 1e9 / seconds * 100.0, 100.0);
      }
    } else {
      thread.cpu_time = ticks_to_duration(ticks, hz);
      const std::uint64_t ticks_before =
          before ? before->stat.utime + before->stat.stime : 0;
      if (before != nullptr || new_thread) {
        const double percent = percent_of_one_core(forward_delta(ticks_before, ticks), seconds);
        threads_percent += percent;
        // Ticks are counted at whole-tick granularity, so a thread busy for
        // the whole interval can appear to use a tick more than it had.
        thread.cpu_percent = std::min(percent, 100.0);
      }
    }
    result.threads.push_back(std::move(thread));
  }
  for (const TaskTimes& then : previous_tasks_) {
    if (find_task(tasks, then.stat.tid) == nullptr) result.ended_tids.push_back(then.stat.tid);
  }
  previous_tasks_ = std::move(tasks);

  std::optional<std::chrono::nanoseconds> process_time;
  if (live_) {
    timespec cpu{};
    if (::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu) == 0)
      process_time = std::chrono::seconds(cpu.tv_sec) + std::chrono::nanoseconds(cpu.tv_nsec);
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
