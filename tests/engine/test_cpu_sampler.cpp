// CpuSampler's sampling of this process: the differencing on a fake /proc
// written into a temporary directory with exact intervals, and the whole
// thing against the real /proc of this machine (/proc's text itself:
// test_proc_text.cpp).
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

#include "proc_fixtures.hpp"
#include "threadlab/measurement/cpu_clock.hpp"
#include "threadlab/measurement/cpu_sampler.hpp"

using namespace threadlab;
using test::read_fixture;
using test::find_thread;
using test::task_line;
namespace fs = std::filesystem;

namespace {

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

}  // namespace

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
