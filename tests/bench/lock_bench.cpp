// threadlab::Lock against a bare std::mutex, measured side by side.
//
// lock.hpp promises that the uncontended path is one atomic instruction to
// take and one to free plus relaxed counters, and reads no clock (but for
// one sampled acquire in 256), so it should cost within 5 % of a std::mutex;
// under contention the Lock should keep at least 90 % of std::mutex's
// throughput. The fifo Lock hands itself to the longest waiter,
// trading throughput for fairness; it should keep 10 %. bench_main.cpp makes
// the process multi-threaded before any of these run.

#include <benchmark/benchmark.h>

#include <cstdint>
#include <memory>
#include <mutex>

#include "bench_names.hpp"
#include "threadlab/threading/lock.hpp"

namespace {

using threadlab::Lock;
using threadlab::LockPolicy;
namespace names = threadlab::bench::names;

struct StdMutex {
  static std::unique_ptr<std::mutex> make() { return std::make_unique<std::mutex>(); }
};
struct BargingLock {
  static std::unique_ptr<Lock> make() { return std::make_unique<Lock>("bench.barging", LockPolicy::barging); }
};
struct FifoLock {
  static std::unique_ptr<Lock> make() { return std::make_unique<Lock>("bench.fifo", LockPolicy::fifo); }
};

// What every thread of a contended run fights over: one per kind of mutex,
// shared by all the threads Google Benchmark starts for that run.
template <class Kind>
struct Contended {
  decltype(Kind::make()) mutex = Kind::make();
  std::uint64_t counter = 0;  // guarded by mutex

  static Contended& shared() {
    static Contended instance;
    return instance;
  }
};

template <class Kind>
void lock_uncontended(benchmark::State& state) {
  const auto mutex = Kind::make();
  std::uint64_t counter = 0;
  for (auto _ : state) {
    mutex->lock();
    ++counter;
    benchmark::DoNotOptimize(counter);
    mutex->unlock();
  }
  state.SetItemsProcessed(state.iterations());
}

template <class Kind>
void lock_contended(benchmark::State& state) {
  Contended<Kind>& shared = Contended<Kind>::shared();
  for (auto _ : state) {
    shared.mutex->lock();
    ++shared.counter;
    benchmark::DoNotOptimize(shared.counter);
    shared.mutex->unlock();
  }
  state.SetItemsProcessed(state.iterations());
}

// Real time: a thread that sleeps on the mutex uses no CPU, and what the
// contended figure must show is how much work all threads get done per second.
template <class Kind>
void register_lock_benchmarks(const char* uncontended_name, const char* contended_name) {
  benchmark::RegisterBenchmark(uncontended_name, lock_uncontended<Kind>);
  auto* contended = benchmark::RegisterBenchmark(contended_name, lock_contended<Kind>)->UseRealTime();
  for (const int threads : names::contended_thread_counts) contended->Threads(threads);
}

// With more threads than cores, a fifo handoff waits for the longest waiter
// to be scheduled, which may take a whole time slice (microseconds to
// milliseconds per acquisition): Google Benchmark sizes its runs from a short
// trial in which threads barely overlap, and its estimate then runs for
// minutes. The fifo Lock's target is about a waiter that is on a core (its
// hand-off then needs no system call), so it is measured where every thread
// has a core.
void register_fifo_lock_benchmarks() {
  benchmark::RegisterBenchmark(names::lock_uncontended_fifo_lock, lock_uncontended<FifoLock>);
  benchmark::RegisterBenchmark(names::lock_contended_fifo_lock, lock_contended<FifoLock>)
      ->UseRealTime()
      ->Threads(names::fifo_contended_threads);
}

const bool registered = [] {
  register_lock_benchmarks<StdMutex>(names::lock_uncontended_std_mutex, names::lock_contended_std_mutex);
  register_lock_benchmarks<BargingLock>(names::lock_uncontended_lock, names::lock_contended_lock);
  register_fifo_lock_benchmarks();
  return true;
}();

}  // namespace
