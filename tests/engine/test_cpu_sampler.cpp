// CPU load as ThreadLab reads it from Linux's /proc. The parsing is checked
// on recorded files (tests/data), the differencing on a fake /proc written
// into a temporary directory with exact intervals, and the whole thing once
// against the real /proc of this machine.

#include <catch2/catch.hpp>

#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include <pthread.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cmath>
#include <future>
#include <thread>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "threadlab/measurement/cpu_clock.hpp"
#include "threadlab/measurement/cpu_sampler.hpp"

using namespace threadlab;
namespace fs = std::filesystem;

namespace {

std::string read_fixture(const std::string& name) {
  std::ifstream file(fs::path(THREADLAB_TEST_DATA_DIR) / name, std::ios::binary);
  REQUIRE(file);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

ProcStat parsed_fixture(const std::string& name) {
  const auto stat = parse_proc_stat(read_fixture(name));
  REQUIRE(stat);
  return *stat;
}

// One /proc/[pid]/task/[tid]/stat line laid out as the kernel writes it.
std::string task_line(std::int64_t tid, const std::string& comm, std::uint64_t utime,
                      std::uint64_t stime, int core = 0) {
  return std::to_string(tid) + " (" + comm + ") S 4200 4200 2496 0 -1 4194368 17 0 0 0 " +
         std::to_string(utime) + " " + std::to_string(stime) +
         " 0 0 20 0 3 0 60000 92803072 3467 18446744073709551615 1 1 0 0 0 0 0 16781312 2 0 0 0"
         " -1 " +
         std::to_string(core) + " 0 0 0 0 0 0 0 0 0 0 0 0 0\n";
}

// A stand-in for /proc in a temporary directory: <root>/stat,
// <root>/self/stat and <root>/self/task/TID/stat.
class FakeProc {
 public:
  FakeProc() {
    std::string pattern = (fs::temp_directory_path() / "threadlab-fake-proc-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    root_ = pattern;
    fs::create_directories(root_ / "self" / "task");
  }
  ~FakeProc() {
    std::error_code ignored;
    fs::remove_all(root_, ignored);
  }
  FakeProc(const FakeProc&) = delete;
  FakeProc& operator=(const FakeProc&) = delete;

  std::string root() const { return root_.string(); }

  void set_stat(const std::string& text) { write(root_ / "stat", text); }
  void set_process_ticks(std::uint64_t utime, std::uint64_t stime) {
    write(root_ / "self" / "stat", task_line(4200, "threadlab", utime, stime));
  }
  void set_thread(std::int64_t tid, const std::string& comm, std::uint64_t utime,
                  std::uint64_t stime, int core = 0) {
    write(task_directory(tid) / "stat", task_line(tid, comm, utime, stime, core));
  }
  void set_schedstat(std::int64_t tid, std::uint64_t run_ns, std::uint64_t wait_ns) {
    write(task_directory(tid) / "schedstat",
          std::to_string(run_ns) + " " + std::to_string(wait_ns) + " 7\n");
  }
  void remove_thread(std::int64_t tid) { fs::remove_all(task_directory(tid)); }
  // The directory is listed but its stat is gone: a thread caught exiting.
  void add_vanishing_thread(std::int64_t tid) { fs::create_directories(task_directory(tid)); }

 private:
  fs::path task_directory(std::int64_t tid) const {
    return root_ / "self" / "task" / std::to_string(tid);
  }
  static void write(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file << text;
    REQUIRE(file);
  }

  fs::path root_;
};

const ThreadCpu* find_thread(const CpuSample& sample, std::int64_t tid) {
  const auto found = std::find_if(sample.threads.begin(), sample.threads.end(),
                                  [&](const ThreadCpu& t) { return t.tid == tid; });
  return found != sample.threads.end() ? &*found : nullptr;
}

std::size_t count_core_lines(const std::string& proc_stat_text) {
  std::istringstream lines(proc_stat_text);
  std::size_t cores = 0;
  for (std::string line; std::getline(lines, line);) {
    const bool names_a_core =
        line.starts_with("cpu") && std::isdigit(static_cast<unsigned char>(line.c_str()[3]));
    if (names_a_core) ++cores;
  }
  return cores;
}

std::chrono::nanoseconds thread_cpu_time() { return current_thread_cpu_time(); }

void burn_cpu_for(std::chrono::nanoseconds cpu_time) {
  const auto until = thread_cpu_time() + cpu_time;
  volatile std::uint64_t sink = 0;
  while (thread_cpu_time() < until) sink = sink + 1;
}

}  // namespace

// --- /proc/stat --------------------------------------------------------------

TEST_CASE("parse_proc_stat reads the aggregate line and every counter of each core") {
  const ProcStat stat = parsed_fixture("proc_stat_2cores_a.txt");

  CHECK(stat.all.core == -1);
  CHECK(stat.all.user == 4220);
  CHECK(stat.all.idle == 102961);
  CHECK(stat.all.steal == 128);

  REQUIRE(stat.cores.size() == 2);
  const CoreTimes& core0 = stat.cores[0];
  CHECK(core0.core == 0);
  CHECK(core0.user == 1614);
  CHECK(core0.nice == 0);
  CHECK(core0.system == 800);
  CHECK(core0.idle == 52428);
  CHECK(core0.iowait == 24);
  CHECK(core0.irq == 0);
  CHECK(core0.softirq == 33);
  CHECK(core0.steal == 44);
  CHECK(stat.cores[1].core == 1);
  CHECK(stat.cores[1].user == 2606);
}

TEST_CASE("parse_proc_stat lists the cores of a four-core machine in core order") {
  const ProcStat stat = parsed_fixture("proc_stat_4cores.txt");

  REQUIRE(stat.cores.size() == 4);
  for (int i = 0; i < 4; ++i) CHECK(stat.cores[static_cast<std::size_t>(i)].core == i);
  CHECK(stat.cores[3].user == 10004);
  CHECK(stat.cores[3].system == 4002);
  CHECK(stat.cores[3].idle == 200634);
  CHECK(stat.all.user == 40010);
}

TEST_CASE("Busy time is user, nice, system, irq, softirq and steal; idle and iowait are not busy") {
  CoreTimes times;
  times.user = 1;
  times.nice = 2;
  times.system = 4;
  times.idle = 1000;
  times.iowait = 2000;
  times.irq = 8;
  times.softirq = 16;
  times.steal = 32;

  CHECK(times.busy() == 63);
  CHECK(times.total() == 3063);
}

TEST_CASE("parse_proc_stat accepts the four counters of old kernels, the rest being 0") {
  const auto stat = parse_proc_stat("cpu 10 20 30 40\ncpu0 10 20 30 40\n");

  REQUIRE(stat);
  REQUIRE(stat->cores.size() == 1);
  CHECK(stat->cores[0].idle == 40);
  CHECK(stat->cores[0].iowait == 0);
  CHECK(stat->cores[0].steal == 0);
}

TEST_CASE("parse_proc_stat skips other lines, even ones whose name starts with cpu") {
  const auto stat = parse_proc_stat("intr 1 2 3\ncpufreq 9 9\ncpu 1 2 3 4\ncpu0 1 2 3 4\nctxt 5");

  REQUIRE(stat);
  CHECK(stat->cores.size() == 1);
}

TEST_CASE("parse_proc_stat returns nullopt for malformed input instead of guessing") {
  SECTION("a counter that is not a number") {
    CHECK_FALSE(parse_proc_stat(read_fixture("proc_stat_malformed.txt")));
  }
  SECTION("no aggregate cpu line") {
    CHECK_FALSE(parse_proc_stat(""));
    CHECK_FALSE(parse_proc_stat("intr 1 2 3\nctxt 4\n"));
    CHECK_FALSE(parse_proc_stat("cpu0 1 2 3 4\n"));
  }
  SECTION("fewer than four counters") {
    CHECK_FALSE(parse_proc_stat("cpu 1 2 3\n"));
    CHECK_FALSE(parse_proc_stat("cpu 1 2 3 4\ncpu0\n"));
  }
  SECTION("negative or overflowing counters") {
    CHECK_FALSE(parse_proc_stat("cpu 1 2 3 4\ncpu0 -1 2 3 4\n"));
    CHECK_FALSE(parse_proc_stat("cpu 1 2 3 18446744073709551616\n"));
  }
  SECTION("the same core twice") {
    CHECK_FALSE(parse_proc_stat("cpu 1 2 3 4\ncpu0 1 2 3 4\ncpu0 1 2 3 4\n"));
    CHECK_FALSE(parse_proc_stat("cpu 1 2 3 4\ncpu 1 2 3 4\n"));
  }
}

// --- utilisation -------------------------------------------------------------

TEST_CASE("Utilisation between crafted samples: core 0 half busy, core 1 fully busy") {
  // Between the two recordings core 0 spent 50 ticks busy (user 30, system
  // 10, softirq 5, steal 5) and 50 not (idle 40, iowait 10); core 1 spent all
  // 100 ticks busy.
  const ProcStat before = parsed_fixture("proc_stat_2cores_a.txt");
  const ProcStat after = parsed_fixture("proc_stat_2cores_b.txt");

  const std::vector<double> loads = core_utilisation(before, after);

  REQUIRE(loads.size() == 2);
  CHECK(loads[0] == 0.5);
  CHECK(loads[1] == 1.0);
  CHECK(total_utilisation(before, after) == 0.75);
}

TEST_CASE("Utilisation is 0, never NaN, when no time has passed") {
  const ProcStat stat = parsed_fixture("proc_stat_2cores_a.txt");

  const std::vector<double> loads = core_utilisation(stat, stat);

  REQUIRE(loads.size() == 2);
  CHECK(loads[0] == 0.0);
  CHECK(loads[1] == 0.0);
  CHECK(total_utilisation(stat, stat) == 0.0);
}

TEST_CASE("Utilisation is 0, never negative or NaN, when counters go backwards") {
  // Samples taken in the wrong order look like every counter went backwards.
  const ProcStat earlier = parsed_fixture("proc_stat_2cores_a.txt");
  const ProcStat later = parsed_fixture("proc_stat_2cores_b.txt");

  for (const double load : core_utilisation(later, earlier)) CHECK(load == 0.0);
  CHECK(total_utilisation(later, earlier) == 0.0);
}

TEST_CASE("A counter that steps back counts as no time while the others still count") {
  // Some kernels let iowait decrease; it must not cancel out busy time.
  const auto before = parse_proc_stat("cpu 100 0 0 100 50 0 0 0\ncpu0 100 0 0 100 50 0 0 0\n");
  const auto after = parse_proc_stat("cpu 130 0 0 130 20 0 0 0\ncpu0 130 0 0 130 20 0 0 0\n");
  REQUIRE(before);
  REQUIRE(after);

  CHECK(core_utilisation(*before, *after) == std::vector<double>{0.5});
  CHECK(total_utilisation(*before, *after) == 0.5);
}

TEST_CASE("Cores are matched by number, so a core going offline does not shift the others") {
  const auto before = parse_proc_stat(
      "cpu 0 0 0 0\ncpu0 0 0 0 100\ncpu1 0 0 0 100\ncpu2 100 0 0 0\n");
  const auto after = parse_proc_stat("cpu 0 0 0 0\ncpu0 50 0 0 150\ncpu2 200 0 0 0\n");
  REQUIRE(before);
  REQUIRE(after);

  CHECK(core_utilisation(*before, *after) == std::vector<double>{0.5, 1.0});
}

// --- /proc/[pid]/task/[tid]/stat ---------------------------------------------

TEST_CASE("parse_task_stat reads a recorded thread whose name contains a space") {
  const auto task = parse_task_stat(read_fixture("task_stat_worker.txt"));

  REQUIRE(task);
  CHECK(task->tid == 5659);
  CHECK(task->comm == "sampler worker");
  CHECK(task->state == 'R');
  CHECK(task->utime == 12);
  CHECK(task->stime == 22);
  CHECK(task->last_core == 0);
}

TEST_CASE("parse_task_stat ends the thread name at the last ')' so names may hold parentheses") {
  const auto task = parse_task_stat(read_fixture("task_stat_odd_comm.txt"));

  REQUIRE(task);
  CHECK(task->tid == 4242);
  CHECK(task->comm == "my (odd) name");
  CHECK(task->state == 'S');
  CHECK(task->utime == 1234);
  CHECK(task->stime == 567);
  CHECK(task->last_core == 1);
}

TEST_CASE("parse_task_stat is not fooled by a thread name that looks like the fields after it") {
  const auto task = parse_task_stat(task_line(77, "x) R 1 2 3 4 5", 11, 22, 1));

  REQUIRE(task);
  CHECK(task->comm == "x) R 1 2 3 4 5");
  CHECK(task->state == 'S');
  CHECK(task->utime == 11);
  CHECK(task->stime == 22);
}

TEST_CASE("parse_task_stat leaves last_core at -1 for kernels without the processor field") {
  const auto task = parse_task_stat("9 (old) S 1 1 1 0 -1 0 0 0 0 0 5 6 0 0 20 0 1 0 100");

  REQUIRE(task);
  CHECK(task->utime == 5);
  CHECK(task->stime == 6);
  CHECK(task->last_core == -1);
}

TEST_CASE("parse_task_stat returns nullopt for malformed input") {
  CHECK_FALSE(parse_task_stat(read_fixture("task_stat_truncated.txt")));
  CHECK_FALSE(parse_task_stat(""));
  CHECK_FALSE(parse_task_stat("not a stat line"));
  CHECK_FALSE(parse_task_stat("12 no parentheses S 1 2 3"));
  CHECK_FALSE(parse_task_stat(")12 (backwards S"));
  CHECK_FALSE(parse_task_stat("-5 (negative) S 1 1 1 0 -1 0 0 0 0 0 5 6"));
  CHECK_FALSE(parse_task_stat("abc (name) S 1 1 1 0 -1 0 0 0 0 0 5 6"));
  CHECK_FALSE(parse_task_stat("5 (name) Sleeping 1 1 1 0 -1 0 0 0 0 0 5 6"));
  CHECK_FALSE(parse_task_stat("5 (name) S 1 1 1 0 -1 0 0 0 0 0 five 6"));
}

// --- schedstat ----------------------------------------------------------------

TEST_CASE("parse_task_schedstat reads run time, run-queue wait and timeslices of a recorded thread") {
  const auto stat = parse_task_schedstat(read_fixture("task_schedstat_worker.txt"));
  REQUIRE(stat);
  CHECK(stat->run_ns == 48'793'021'337u);
  CHECK(stat->wait_ns == 1'502'277'104u);
  CHECK(stat->timeslices == 96'012u);
}

TEST_CASE("parse_task_schedstat returns nullopt for truncated or malformed text") {
  CHECK_FALSE(parse_task_schedstat(read_fixture("task_schedstat_truncated.txt")));
  CHECK_FALSE(parse_task_schedstat(""));
  CHECK_FALSE(parse_task_schedstat("12 x4 5\n"));
  CHECK_FALSE(parse_task_schedstat("-12 4 5\n"));
  CHECK_FALSE(parse_task_schedstat("1 2 3 4\n"));
}

// --- CpuSampler on a fake /proc ----------------------------------------------

TEST_CASE("CpuSampler's first sample lists cores and threads with every load at 0") {
  FakeProc proc;
  const long hz = CpuSampler::ticks_per_second();
  proc.set_stat(read_fixture("proc_stat_2cores_a.txt"));
  proc.set_process_ticks(3 * hz, 0);
  proc.set_thread(100, "main", 2 * hz, hz);
  CpuSampler sampler(proc.root());
  const auto at = std::chrono::steady_clock::time_point{} + std::chrono::hours(1);

  const CpuSample sample = sampler.sample(at);

  CHECK(sample.taken_at == at);
  CHECK(sample.core_load == std::vector<double>{0.0, 0.0});
  CHECK(sample.total_load == 0.0);
  CHECK(sample.process_percent == 0.0);
  REQUIRE(sample.threads.size() == 1);
  CHECK(sample.threads[0].tid == 100);
  CHECK(sample.threads[0].comm == "main");
  CHECK(sample.threads[0].cpu_percent == 0.0);
  CHECK(sample.threads[0].cpu_time == std::chrono::seconds(3));
}

TEST_CASE("CpuSampler turns tick deltas over an interval into loads and percentages") {
  FakeProc proc;
  const long hz = CpuSampler::ticks_per_second();
  CpuSampler sampler(proc.root());
  const auto start = std::chrono::steady_clock::time_point{} + std::chrono::hours(1);

  proc.set_stat(read_fixture("proc_stat_2cores_a.txt"));
  proc.set_process_ticks(0, 0);
  proc.set_thread(100, "main", 0, 0);
  proc.set_thread(101, "worker", 0, 0, 1);
  proc.set_thread(102, "finishes", 0, 0);
  sampler.sample(start);

  // Four seconds later: main used 2 s of CPU, the worker all 4 s, and the
  // third thread 1 s before it exited; a new thread has just started.
  proc.set_stat(read_fixture("proc_stat_2cores_b.txt"));
  proc.set_thread(100, "main", hz, hz);
  proc.set_thread(101, "worker", 4 * hz, 0, 1);
  proc.remove_thread(102);
  proc.set_thread(103, "newcomer", 1, 0);
  proc.set_process_ticks(6 * hz, hz);
  const CpuSample sample = sampler.sample(start + std::chrono::seconds(4));

  CHECK(sample.core_load == std::vector<double>{0.5, 1.0});
  CHECK(sample.total_load == 0.75);
  REQUIRE(sample.threads.size() == 3);
  const ThreadCpu* main_thread = find_thread(sample, 100);
  const ThreadCpu* worker = find_thread(sample, 101);
  const ThreadCpu* newcomer = find_thread(sample, 103);
  REQUIRE(main_thread);
  REQUIRE(worker);
  REQUIRE(newcomer);
  CHECK(find_thread(sample, 102) == nullptr);
  CHECK(main_thread->cpu_percent == 50.0);
  CHECK(worker->cpu_percent == 100.0);
  CHECK(worker->last_core == 1);
  // It started during the interval, so all its CPU time (one tick) is in it.
  CHECK(newcomer->cpu_percent == Approx(100.0 / double(hz) / 4.0));
  // The process counts the thread that exited, which no live thread shows.
  CHECK(sample.process_percent == 175.0);
  CHECK(sample.ended_tids == std::vector<std::int64_t>{102});
  CHECK(sample.ended_threads_percent == Approx(175.0 - 150.0 - 100.0 / double(hz) / 4.0));
}

TEST_CASE("With schedstat, a thread's share is exact to the nanosecond, not to the 10 ms tick") {
  FakeProc proc;
  proc.set_stat(read_fixture("proc_stat_2cores_a.txt"));
  proc.set_thread(100, "main", 0, 0);
  proc.set_schedstat(100, 1'000'000'000, 0);
  CpuSampler sampler(proc.root());
  const auto start = std::chrono::steady_clock::time_point{} + std::chrono::hours(1);
  sampler.sample(start);

  // 100 ms later: 3.7 ms on a CPU (under half a tick: stat still says 0)
  // and 12.5 ms waiting for a core.
  proc.set_schedstat(100, 1'003'700'000, 12'500'000);
  const CpuSample sample = sampler.sample(start + std::chrono::milliseconds(100));

  REQUIRE(sample.threads.size() == 1);
  CHECK(sample.threads[0].nanosecond_resolution);
  CHECK(sample.threads[0].cpu_percent == Approx(3.7));
  CHECK(sample.threads[0].run_queue_percent == Approx(12.5));
  CHECK(sample.threads[0].cpu_time == std::chrono::nanoseconds(1'003'700'000));
  CHECK(sample.threads[0].run_queue_time == std::chrono::milliseconds(12) + std::chrono::microseconds(500));
}

TEST_CASE("Without a readable self/stat the process share is the sum of its threads") {
  FakeProc proc;
  const long hz = CpuSampler::ticks_per_second();
  proc.set_stat(read_fixture("proc_stat_2cores_a.txt"));
  proc.set_thread(100, "main", 0, 0);
  proc.set_thread(101, "worker", 0, 0);
  CpuSampler sampler(proc.root());
  const auto start = std::chrono::steady_clock::time_point{} + std::chrono::hours(1);
  sampler.sample(start);

  proc.set_thread(100, "main", hz, 0);
  proc.set_thread(101, "worker", 2 * hz, 0);
  const CpuSample sample = sampler.sample(start + std::chrono::seconds(2));

  CHECK(sample.process_percent == 150.0);
}

TEST_CASE("CpuSampler shows a thread at no more than one whole core despite tick rounding") {
  FakeProc proc;
  const long hz = CpuSampler::ticks_per_second();
  proc.set_stat(read_fixture("proc_stat_2cores_a.txt"));
  proc.set_thread(100, "main", 0, 0);
  CpuSampler sampler(proc.root());
  const auto start = std::chrono::steady_clock::time_point{} + std::chrono::hours(1);
  sampler.sample(start);

  proc.set_thread(100, "main", hz + 1, 0);
  const CpuSample sample = sampler.sample(start + std::chrono::seconds(1));

  REQUIRE(sample.threads.size() == 1);
  CHECK(sample.threads[0].cpu_percent == 100.0);
}

TEST_CASE("CpuSampler shows 0, not a huge number, when a reused TID restarts its counters") {
  FakeProc proc;
  proc.set_stat(read_fixture("proc_stat_2cores_a.txt"));
  proc.set_thread(100, "old thread", 500, 500);
  CpuSampler sampler(proc.root());
  const auto start = std::chrono::steady_clock::time_point{} + std::chrono::hours(1);
  sampler.sample(start);

  proc.set_thread(100, "new thread", 1, 0);
  const CpuSample sample = sampler.sample(start + std::chrono::seconds(1));

  REQUIRE(sample.threads.size() == 1);
  CHECK(sample.threads[0].cpu_percent == 0.0);
}

TEST_CASE("CpuSampler silently skips a thread that exits between listing and reading") {
  FakeProc proc;
  proc.set_stat(read_fixture("proc_stat_2cores_a.txt"));
  proc.set_thread(100, "main", 1, 1);
  proc.add_vanishing_thread(101);
  CpuSampler sampler(proc.root());

  const CpuSample sample = sampler.sample();

  REQUIRE(sample.threads.size() == 1);
  CHECK(sample.threads[0].tid == 100);
}

TEST_CASE("CpuSampler reports nothing, without failing, when /proc cannot be read") {
  CpuSampler sampler("/nonexistent/threadlab/proc");

  sampler.sample();
  const CpuSample sample = sampler.sample();

  CHECK(sample.core_load.empty());
  CHECK(sample.total_load == 0.0);
  CHECK(sample.threads.empty());
  CHECK(sample.process_percent == 0.0);
}

TEST_CASE("CpuSampler reports no load when two samples carry the same time") {
  FakeProc proc;
  proc.set_stat(read_fixture("proc_stat_2cores_a.txt"));
  proc.set_process_ticks(0, 0);
  proc.set_thread(100, "main", 0, 0);
  CpuSampler sampler(proc.root());
  const auto at = std::chrono::steady_clock::time_point{} + std::chrono::hours(1);
  sampler.sample(at);

  proc.set_thread(100, "main", 50, 0);
  proc.set_process_ticks(50, 0);
  const CpuSample sample = sampler.sample(at);

  REQUIRE(sample.threads.size() == 1);
  CHECK(sample.threads[0].cpu_percent == 0.0);
  CHECK(sample.process_percent == 0.0);
}

// --- CpuSampler on this machine ----------------------------------------------

TEST_CASE("ticks_per_second is the kernel's USER_HZ") {
  CHECK(CpuSampler::ticks_per_second() == ::sysconf(_SC_CLK_TCK));
}

TEST_CASE("A live sample has one load per core and lists the calling thread") {
  std::ifstream proc_stat("/proc/stat");
  std::ostringstream proc_stat_text;
  proc_stat_text << proc_stat.rdbuf();
  const std::size_t cores = count_core_lines(proc_stat_text.str());
  REQUIRE(cores > 0);
  CpuSampler sampler;

  const CpuSample first = sampler.sample();
  const CpuSample second = sampler.sample();

  CHECK(first.core_load.size() == cores);
  CHECK(second.core_load.size() == cores);
  for (const double load : second.core_load) {
    CHECK(load >= 0.0);
    CHECK(load <= 1.0);
  }
  CHECK(second.total_load >= 0.0);
  CHECK(second.total_load <= 1.0);
  CHECK(find_thread(first, ::gettid()) != nullptr);
  CHECK(find_thread(second, ::gettid()) != nullptr);
  CHECK(find_thread(second, ::getpid()) != nullptr);  // the main thread's TID is the PID
}

TEST_CASE("A live thread that burns CPU between two samples shows a positive share of a core") {
  CpuSampler sampler;
  const CpuSample first = sampler.sample();
  const ThreadCpu* self = find_thread(first, ::gettid());
  REQUIRE(self != nullptr);
  std::chrono::nanoseconds previous_cpu_time = self->cpu_time;

  // Burn until the kernel's tick-granular counter moves (bounded by CPU
  // time, not by waiting), then the latest interval must show the work.
  bool counter_moved = false;
  for (int attempt = 0; attempt < 500 && !counter_moved; ++attempt) {
    burn_cpu_for(std::chrono::milliseconds(10));
    const CpuSample sample = sampler.sample();
    const ThreadCpu* now = find_thread(sample, ::gettid());
    REQUIRE(now != nullptr);
    if (now->cpu_time > previous_cpu_time) {
      counter_moved = true;
      CHECK(now->cpu_percent > 0.0);
      CHECK(now->cpu_percent <= 100.0);
      CHECK(sample.process_percent >= 0.0);
    }
    previous_cpu_time = now->cpu_time;
  }
  CHECK(counter_moved);
}

namespace {

// A thread that burns `busy` of its own CPU time (CLOCK_THREAD_CPUTIME_ID) in
// every `period`, then sleeps to the next period: a known share of a core.
class DutyCycleBurner {
 public:
  DutyCycleBurner(std::chrono::nanoseconds busy, std::chrono::nanoseconds period)
      : thread_([this, busy, period] {
          tid_.set_value(::gettid());
          auto next = std::chrono::steady_clock::now();
          while (!stop_.load()) {
            burn_cpu_for(busy);
            next += period;
            std::this_thread::sleep_until(next);  // the idle part of the duty cycle
          }
        }) {}
  ~DutyCycleBurner() {
    stop_.store(true);
    thread_.join();
  }
  // The thread's kernel TID, which it reports as it starts.
  pid_t tid() {
    auto reported = tid_.get_future();
    REQUIRE(reported.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
    return reported.get();
  }
  std::chrono::nanoseconds cpu_time() {
    clockid_t clock{};
    REQUIRE(::pthread_getcpuclockid(thread_.native_handle(), &clock) == 0);
    timespec now{};
    REQUIRE(::clock_gettime(clock, &now) == 0);
    return std::chrono::seconds(now.tv_sec) + std::chrono::nanoseconds(now.tv_nsec);
  }

 private:
  std::atomic<bool> stop_{false};
  std::promise<pid_t> tid_;
  std::thread thread_;  // last: it starts once the members it uses exist
};

}  // namespace

TEST_CASE("A thread burning 3 ms of every 10 ms shows the share its own CPU clock measured, to 1 % of a core") {
  DutyCycleBurner burner(std::chrono::milliseconds(3), std::chrono::milliseconds(10));
  const std::int64_t tid = burner.tid();
  CpuSampler sampler;
  auto before_at = std::chrono::steady_clock::now();
  auto before_cpu = burner.cpu_time();
  sampler.sample(before_at);

  // Ten samples at the monitor's 10 per second. The sleep is the sampling
  // interval itself, not a wait for the other thread.
  double share_sum = 0, expected_sum = 0;
  for (int interval = 0; interval < 10; ++interval) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const auto at = std::chrono::steady_clock::now();
    const auto cpu = burner.cpu_time();
    const CpuSample sample = sampler.sample(at);
    const double expected =
        std::chrono::duration<double>(cpu - before_cpu).count() / std::chrono::duration<double>(at - before_at).count() * 100.0;
    const ThreadCpu* shown = find_thread(sample, tid);
    REQUIRE(shown != nullptr);
    INFO("interval " << interval << ": sampler " << shown->cpu_percent << " %, thread's own clock " << expected << " %");
    CHECK(shown->nanosecond_resolution);
    CHECK(std::abs(shown->cpu_percent - expected) <= 1.0);
    share_sum += shown->cpu_percent;
    expected_sum += expected;
    before_at = at;
    before_cpu = cpu;
  }
  // About 30 % (a little more under a sanitizer, whose loop and sleep cost
  // CPU too; less on a busy machine), and never the 0 % / 10 % steps of a
  // tick counter: the mean agrees with the thread's own clock.
  const double mean = share_sum / 10.0;
  const double expected_mean = expected_sum / 10.0;
  INFO("mean share " << mean << " %, by the thread's own clock " << expected_mean << " %");
  CHECK(std::abs(mean - expected_mean) <= 1.0);
  CHECK(mean > 1.0);
  CHECK(mean < 50.0);
}

TEST_CASE("The calling (render) thread's own CPU shows, even when it is a few percent") {
  CpuSampler sampler;
  const auto own_cpu = [] { return thread_cpu_time(); };
  auto before_at = std::chrono::steady_clock::now();
  auto before_cpu = own_cpu();
  sampler.sample(before_at);
  // About 5 % of a core: 5 ms of work in a 100 ms interval, like a render
  // thread drawing a light frame.
  burn_cpu_for(std::chrono::milliseconds(5));
  std::this_thread::sleep_for(std::chrono::milliseconds(95));
  const auto at = std::chrono::steady_clock::now();
  const auto cpu = own_cpu();
  const CpuSample sample = sampler.sample(at);
  const ThreadCpu* self = find_thread(sample, ::gettid());
  REQUIRE(self != nullptr);
  const double expected =
      std::chrono::duration<double>(cpu - before_cpu).count() / std::chrono::duration<double>(at - before_at).count() * 100.0;
  INFO("sampler " << self->cpu_percent << " %, own clock " << expected << " %");
  CHECK(self->cpu_percent > 0.0);
  // The sampler's own reading of /proc runs on this thread after `cpu` was read.
  CHECK(std::abs(self->cpu_percent - expected) <= 1.0);
}
