// Where the process's CPU goes: threading's Threads, the render thread, and
// the threads threading did not start (the GL driver's).

#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "threadlab/measurement/cpu_monitor.hpp"
#include "threadlab/threading/registry.hpp"

using namespace threadlab;

namespace {

ThreadCpu thread_at(std::int64_t tid, const char* comm, double percent) {
  ThreadCpu thread;
  thread.tid = tid;
  thread.comm = comm;
  thread.cpu_percent = percent;
  return thread;
}

}  // namespace

TEST_CASE("split_process_cpu puts each thread's CPU with its owner") {
  CpuSample sample;
  sample.threads = {thread_at(100, "threadlab", 12.5), thread_at(101, "mandelbrot-1", 40.0),
                    thread_at(102, "mandelbrot-2", 35.0), thread_at(103, "llvmpipe-0", 60.0),
                    thread_at(104, "llvmpipe-1", 55.5)};
  sample.process_percent = 203.0;

  const ProcessCpuSplit split = split_process_cpu(sample, 100, {100, 101, 102});

  CHECK(split.render_percent == Approx(12.5));
  CHECK(split.workers_percent == Approx(75.0));
  CHECK(split.other_percent == Approx(115.5));
  CHECK(split.total_percent() == Approx(203.0));
}

TEST_CASE("split_process_cpu gives the CPU of threads that ended to their last known owner") {
  CpuSample sample;
  sample.threads = {thread_at(100, "threadlab", 10.0)};
  sample.ended_tids = {101, 102, 999};
  sample.ended_threads_percent = 30.0;

  const ProcessCpuSplit split =
      split_process_cpu(sample, 100, {100}, {{101, CpuOwner::workers}, {102, CpuOwner::workers}});

  CHECK(split.render_percent == Approx(10.0));
  CHECK(split.workers_percent == Approx(20.0));
  CHECK(split.other_percent == Approx(10.0));  // 999: owner unknown
}

TEST_CASE("foreign_thread_role names Mesa's rasterizer threads and leaves unknown ones unnamed") {
  CHECK(foreign_thread_role("llvmpipe-0") == "GL driver");
  CHECK(foreign_thread_role("llvmpipe-15") == "GL driver");
  CHECK(foreign_thread_role("threadlab:gdrv0") == "GL driver helper");
  CHECK(foreign_thread_role("pool-worker") == "");
}

TEST_CASE("CpuMonitor counts the render thread's CPU as render and a foreign thread's as other") {
  CpuMonitor monitor(std::chrono::milliseconds(50));
  monitor.set_render_tid(get_native_id());
  monitor.start();
  // A std::thread is not a threading.Thread: it must count as "other".
  std::atomic<bool> stop{false};
  std::thread foreign([&] {
    while (!stop.load()) {
    }
  });
  // Bounded: until a sample shows the foreign thread busy (a few samples), at most 10 s.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  ProcessCpuSplit split;
  while (std::chrono::steady_clock::now() < deadline) {
    split = monitor.latest_split();
    if (split.other_percent > 20.0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  stop.store(true);
  foreign.join();
  INFO("workers " << split.workers_percent << " %, render " << split.render_percent << " %, other "
                  << split.other_percent << " %");
  CHECK(split.other_percent > 20.0);
  // The test thread mostly sleeps here; the busy loop is not counted as render.
  CHECK(split.render_percent < split.other_percent);
  const ProcessCpuSplit mean = monitor.mean_split();
  CHECK(mean.other_percent > 0.0);
  monitor.reset_means();
  CHECK(monitor.mean_split().total_percent() == 0.0);
}
