#include "busy_lab_snapshot.hpp"

#include <chrono>
#include <cmath>
#include <cstdint>
#include <string>

namespace threadlab::bench {

namespace {

using namespace std::chrono_literals;

constexpr int cores = 8;
constexpr int workers = 8;
constexpr int cpu_samples_in_history = 100;  // 10 s at 10 Hz
constexpr int frames_in_history = 600;       // 10 s at 60 frames per second
constexpr int pings_in_history = 200;        // 10 s at 20 pings per second
constexpr std::int64_t first_tid = 4000;

ThreadInfo thread_info(std::string name, std::int64_t native_id, ThreadState state) {
  ThreadInfo info;
  info.name = std::move(name);
  info.native_id = native_id;
  info.ident = 0x7f0000000000u + static_cast<std::uint64_t>(native_id) * 0x1000u;
  info.alive = state != ThreadState::finished;
  info.state = state;
  info.started_by_engine = true;
  return info;
}

LockStats lock_stats(std::uint64_t id, std::string name, LockPolicy policy, std::uint64_t acquisitions) {
  LockStats lock;
  lock.id = id;
  lock.name = std::move(name);
  lock.policy = policy;
  lock.acquisitions = acquisitions;
  // Waits spread over the first 14 buckets (1 us to 16 ms): every histogram bar is drawn.
  std::uint64_t waits = 0;
  for (std::size_t bucket = 0; bucket < 14; ++bucket) {
    lock.wait_histogram[bucket] = acquisitions / 100 + (bucket * 37) % 11;
    waits += lock.wait_histogram[bucket];
  }
  lock.contended_acquisitions = waits;
  lock.total_wait = 40ms;
  lock.max_wait = 9ms;
  lock.total_hold = 12ms;
  lock.hold_samples = waits;
  return lock;
}

void add_threads(LabSnapshot& snapshot) {
  ThreadInfo main_thread = thread_info("MainThread", first_tid, ThreadState::running);
  main_thread.is_main = true;
  main_thread.started_by_engine = false;
  ThreadInfo sampler = thread_info("cpu-sampler", first_tid + 1, ThreadState::running);
  sampler.daemon = true;
  ThreadInfo probe = thread_info("responsiveness-probe", first_tid + 2, ThreadState::running);
  probe.daemon = true;
  snapshot.threads = {main_thread, sampler, probe};
  for (int i = 0; i < workers; ++i) {
    const bool waiting = i % 4 == 1;
    ThreadInfo worker = thread_info("mandelbrot-worker-" + std::to_string(i + 1), first_tid + 3 + i,
                                    waiting ? ThreadState::waiting_for_lock : ThreadState::running);
    if (waiting) {
      worker.waiting_for_lock_id = 1;
      worker.waiting_for_lock = "mandelbrot.tile-queue";
    }
    worker.items_done = 100 + static_cast<std::uint64_t>(i) * 7;
    snapshot.threads.push_back(worker);
  }
  for (int i = 0; i < 5; ++i) {
    ThreadInfo finished = thread_info("primes-worker-" + std::to_string(i + 1), first_tid - 10 + i, ThreadState::finished);
    finished.items_done = 2'000 + static_cast<std::uint64_t>(i);
    snapshot.finished_threads.push_back(finished);
  }
  snapshot.active_count = snapshot.threads.size();
  snapshot.current_thread = main_thread;
}

void add_locks(LabSnapshot& snapshot) {
  LockStats queue = lock_stats(1, "mandelbrot.tile-queue", LockPolicy::barging, 48'000);
  queue.locked = true;
  queue.holder_native_id = first_tid + 3;
  queue.holder_name = "mandelbrot-worker-1";
  queue.waiters = 2;
  snapshot.locks = {queue, lock_stats(2, "mandelbrot.image", LockPolicy::barging, 48'000),
                    lock_stats(3, "primes.chunks", LockPolicy::fifo, 3'000),
                    lock_stats(4, "primes.total", LockPolicy::fifo, 3'000)};
}

void add_cpu(LabSnapshot& snapshot) {
  for (int core = 0; core < cores; ++core) {
    snapshot.cpu.core_load.push_back(0.55 + 0.05 * core);
    CoreHistory history;
    for (int i = 0; i < cpu_samples_in_history; ++i)
      history.load_percent.push_back(static_cast<float>(60 + 35 * std::sin(i * 0.1 + core)));
    snapshot.core_history.push_back(history);
    snapshot.mean_core_load_percent.push_back(70.0);
  }
  snapshot.cpu.total_load = 0.72;
  snapshot.cpu.process_percent = 590.0;
  for (const ThreadInfo& thread : snapshot.threads) {
    ThreadCpu cpu;
    cpu.tid = thread.native_id;
    cpu.comm = thread.name.substr(0, 15);
    cpu.cpu_percent = thread.state == ThreadState::running ? 71.0 : 0.5;
    cpu.cpu_time = 3s;
    cpu.last_core = static_cast<int>(thread.native_id % cores);
    snapshot.cpu.threads.push_back(cpu);
  }
  for (int i = 0; i < cpu_samples_in_history; ++i)
    snapshot.process_history.push_back(static_cast<float>(560 + 40 * std::sin(i * 0.2)));
  snapshot.mean_process_percent = 575.0;
}

void add_latencies(LabSnapshot& snapshot) {
  for (int i = 0; i < frames_in_history; ++i)
    snapshot.frame_times_ms.push_back(i % 150 == 0 ? 41.0f : 16.7f + static_cast<float>(i % 7) * 0.1f);
  snapshot.frames = LatencySummary{.count = 36'000, .p50_ms = 16.7, .p99_ms = 24.0, .max_ms = 410.0, .mean_ms = 16.9, .over_threshold = 3};
  snapshot.frames_window = LatencySummary{.count = frames_in_history, .p50_ms = 16.8, .p99_ms = 41.0, .max_ms = 41.0, .mean_ms = 17.1, .over_threshold = 0};
  for (int i = 0; i < pings_in_history; ++i)
    snapshot.probe_latencies_ms.push_back(1.0f + static_cast<float>(i % 13) * 0.3f);
  snapshot.probe = LatencySummary{.count = 12'000, .p50_ms = 1.2, .p99_ms = 6.0, .max_ms = 395.0, .mean_ms = 1.5, .over_threshold = 2};
  snapshot.probe_window = LatencySummary{.count = pings_in_history, .p50_ms = 1.9, .p99_ms = 4.6, .max_ms = 4.6, .mean_ms = 2.0, .over_threshold = 0};
  snapshot.longest_freeze_ms = 410.0;
}

// Ten seconds of every lane, busier than the demo's own: each worker does
// 500 tiles a second and waits for a Lock 100 times a second (every wait
// names a holder, so the holders get their yellow stretches), the render
// thread begins 60 frames a second, and every lane has 100 CPU samples.
void add_timeline(LabSnapshot& snapshot) {
  constexpr std::int64_t second = 1'000'000'000;
  constexpr std::int64_t end = 1'000 * second;
  TimelineSnapshot& timeline = snapshot.timeline;
  timeline.begin_ns = end - 10 * second;
  timeline.end_ns = end;
  const auto cpu_slices = [&](TimelineLane& lane, float running) {
    for (int i = 0; i < cpu_samples_in_history; ++i) {
      const std::int64_t from = timeline.begin_ns + i * second / 10;
      lane.cpu.push_back(TimelineCpuSlice{.begin_ns = from, .end_ns = from + second / 10, .running = running,
                                           .runnable = 0.1f * float(i % 3)});
    }
  };
  TimelineLane render;
  render.name = "MainThread";
  render.render = render.alive = true;
  render.tids = {first_tid};
  const auto running_from = [](std::int64_t from, std::int64_t to) {
    TimelineSegment segment;
    segment.begin_ns = from;
    segment.end_ns = to;
    segment.state = TimelineState::running;
    return segment;
  };
  render.segments.push_back(running_from(timeline.begin_ns, end));
  for (int i = 0; i < frames_in_history; ++i) render.frames_ns.push_back(timeline.begin_ns + i * second / 60);
  cpu_slices(render, 0.3f);
  timeline.lanes.push_back(std::move(render));
  for (int w = 0; w < workers; ++w) {
    TimelineLane lane;
    lane.name = "mandelbrot-" + std::to_string(w + 1);
    lane.alive = true;
    lane.tids = {first_tid + 3 + w};
    std::int64_t at = timeline.begin_ns;
    for (int i = 0; i < 1000; ++i) {  // 100 waits a second, 50 us each
      const std::int64_t wait_from = at + second / 100 - 50'000;
      lane.segments.push_back(running_from(at, wait_from));
      // The other worker held the tile queue, and let it go to this one.
      TimelineSegment wait;
      wait.begin_ns = wait_from;
      wait.end_ns = at + second / 100;
      wait.state = TimelineState::lock_wait;
      wait.lock_id = 1;
      wait.lock_name = "mandelbrot.tile-queue";
      wait.holder_tid = wait.released_by_tid = first_tid + 3 + (w + 1) % workers;
      wait.holder_name = wait.released_by_name = "mandelbrot-" + std::to_string((w + 1) % workers + 1);
      lane.segments.push_back(std::move(wait));
      lane.contended_holds.push_back(TimelineContendedHold{.begin_ns = wait_from, .end_ns = at + second / 100, .lock_id = 1,
                                                            .lock_name = "mandelbrot.tile-queue",
                                                            .waiter_name = "another worker"});
      at += second / 100;
    }
    for (int i = 0; i < 5000; ++i) lane.items_ns.push_back(timeline.begin_ns + i * second / 500);
    cpu_slices(lane, 0.9f);
    timeline.lanes.push_back(std::move(lane));
  }
}

}  // namespace

LabSnapshot busy_lab_snapshot() {
  LabSnapshot snapshot;
  snapshot.settings.mode = Mode::multi_thread;
  snapshot.settings.workload = WorkloadKind::mandelbrot;
  snapshot.settings.workers = workers;
  snapshot.worker_count = workers;
  add_threads(snapshot);
  add_timeline(snapshot);
  add_locks(snapshot);
  add_cpu(snapshot);
  add_latencies(snapshot);

  snapshot.job_name = "Mandelbrot 640x480";
  snapshot.job = JobProgress{.items_done = 180, .items_total = 300, .finished = false, .cancelled = false};
  snapshot.jobs_completed = 41;
  snapshot.last_job_seconds = 0.8;
  snapshot.items_done_total = 12'480;
  snapshot.session_seconds = 600.0;
  snapshot.items_per_second = snapshot.items_done_total / snapshot.session_seconds;
  snapshot.mandelbrot_view = MandelbrotView{.center_x = -0.743643887, .center_y = 0.131825904, .scale = 2e-7, .max_iterations = 2300};
  return snapshot;
}

}  // namespace threadlab::bench
