// CpuSampler against the real /proc of this machine: one load per core,
// this thread listed, and a thread's share of a core as its own CPU clock
// measured it.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <pthread.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cmath>
#include <fstream>
#include <future>
#include <sstream>
#include <string>
#include <thread>

#include "proc_fixtures.hpp"
#include "threadlab/measurement/cpu_clock.hpp"
#include "threadlab/measurement/cpu_sampler.hpp"

using namespace threadlab;
using test::find_thread;

namespace {

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
  // The sampler reads /proc a moment after the thread's clock was read: CPU
  // burnt in that moment, at either end of an interval, is in one figure and
  // not the other. On a busy machine (or under a sanitizer) the moment grows,
  // so the tolerance is 1 % of a core plus that moment's share of the interval.
  auto before_gap = std::chrono::steady_clock::now() - before_at;

  // Ten samples at the monitor's 10 per second. The sleep is the sampling
  // interval itself, not a wait for the other thread.
  double share_sum = 0, expected_sum = 0;
  for (int interval = 0; interval < 10; ++interval) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const auto at = std::chrono::steady_clock::now();
    const auto cpu = burner.cpu_time();
    const CpuSample sample = sampler.sample(at);
    const auto gap = std::chrono::steady_clock::now() - at;
    const double expected =
        std::chrono::duration<double>(cpu - before_cpu).count() / std::chrono::duration<double>(at - before_at).count() * 100.0;
    const ThreadCpu* shown = find_thread(sample, tid);
    REQUIRE(shown != nullptr);
    INFO("interval " << interval << ": sampler " << shown->cpu_percent << " %, thread's own clock " << expected << " %");
    CHECK(shown->nanosecond_resolution);
    const double gaps_percent = 100.0 * std::chrono::duration<double>(gap + before_gap).count() /
                                std::chrono::duration<double>(at - before_at).count();
    INFO("the sampler read /proc " << gaps_percent << " % of the interval after the clocks");
    CHECK(std::abs(shown->cpu_percent - expected) <= 1.0 + gaps_percent);
    share_sum += shown->cpu_percent;
    expected_sum += expected;
    before_at = at;
    before_cpu = cpu;
    before_gap = gap;
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
