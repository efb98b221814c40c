// threadlab::Thread start + join against std::thread construct + join, both
// with an empty body: the price of the registry (name, record, enumerate()
// and recently_finished() bookkeeping) on top of the kernel's thread creation.

#include <benchmark/benchmark.h>

#include <thread>

#include "bench_names.hpp"
#include "threadlab/threading/thread.hpp"

namespace {

namespace names = threadlab::bench::names;

void std_thread_start_join(benchmark::State& state) {
  for (auto _ : state) {
    std::thread thread([] {});
    thread.join();
  }
  state.SetItemsProcessed(state.iterations());
}

void threadlab_thread_start_join(benchmark::State& state) {
  for (auto _ : state) {
    threadlab::Thread thread([] {});
    thread.start();
    thread.join();
  }
  state.SetItemsProcessed(state.iterations());
}

// Real time: most of the cost is on the new thread and in the kernel, not
// in the CPU time of the thread that starts and joins.
BENCHMARK(std_thread_start_join)
    ->Name(names::thread_start_join_std_thread)
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(threadlab_thread_start_join)
    ->Name(names::thread_start_join_thread)
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);

}  // namespace
