// One CpuSampler::sample(): /proc/stat for every core, /proc/self/stat and
// one /proc/self/task/TID/stat per thread. The demo samples at 10 Hz, so the
// CPU time of one sample, ten times a second, is the share of a core that
// watching the CPU takes away from the work being watched.

#include <benchmark/benchmark.h>

#include <chrono>
#include <latch>
#include <thread>
#include <vector>

#include "bench_names.hpp"
#include "threadlab/measurement/cpu_sampler.hpp"
#include "threadlab/measurement/cpu_clock.hpp"

namespace {

namespace names = threadlab::bench::names;
using threadlab::current_thread_cpu_time;

// Idle threads that exist only so that the process has as many task stat
// files to read as the demo has.
class ParkedThreads {
 public:
  explicit ParkedThreads(int count) {
    threads_.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) threads_.emplace_back([this] { release_.wait(); });
  }
  ~ParkedThreads() { release_.count_down(); }  // then threads_ joins them
  ParkedThreads(const ParkedThreads&) = delete;
  ParkedThreads& operator=(const ParkedThreads&) = delete;

 private:
  std::latch release_{1};  // declared first: outlives the threads that wait on it
  std::vector<std::jthread> threads_;
};

void cpu_sample(benchmark::State& state) {
  const int process_threads = static_cast<int>(state.range(0));
  const ParkedThreads parked(process_threads - 1);
  threadlab::CpuSampler sampler;
  sampler.sample();  // the first sample has nothing to difference against

  std::size_t threads_read = 0;
  const auto cpu_began = current_thread_cpu_time();
  for (auto _ : state) {
    threadlab::CpuSample sample = sampler.sample();
    threads_read = sample.threads.size();
    benchmark::DoNotOptimize(sample);
  }
  const auto cpu_used = current_thread_cpu_time() - cpu_began;

  const double cpu_seconds_per_sample =
      std::chrono::duration<double>(cpu_used).count() / static_cast<double>(state.iterations());
  state.counters[names::cpu_sample_core_percent_counter] =
      cpu_seconds_per_sample * names::cpu_sample_rate_hz * 100.0;
  state.counters["threads_read"] = static_cast<double>(threads_read);
}

BENCHMARK(cpu_sample)
    ->Name(names::cpu_sample)
    ->ArgName("process_threads")
    ->Arg(1)
    ->Arg(names::cpu_sample_demo_threads)
    ->Unit(benchmark::kMicrosecond);

}  // namespace
