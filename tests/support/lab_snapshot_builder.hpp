#pragma once
// The one builder of a fake LabSnapshot, for the panel tests and the panel
// benchmark: a busy lab whose size is given by named fields,
//
//   busy_lab_snapshot({.cores = 8, .workers = 8, .finished_workers = 5, .timeline = true})
//
// and its parts (threads, Locks, CPU sample, latencies, Timeline), for a
// test that builds only the slice its panel takes. Header-only: every test
// executable that includes it builds it.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "busy_timeline.hpp"
#include "threadlab/lab/lab.hpp"

namespace threadlab::test {

struct BusyLab {
  int cores = 2;
  // Live workers "worker-1" ... beside MainThread, cpu-sampler and
  // responsiveness-probe; worker-2, worker-6, ... wait for the tile queue Lock.
  int workers = 3;
  int finished_workers = 1;  // "old-worker-1" ...
  int driver_threads = 2;    // "llvmpipe-0" ...: the process's threads threading did not start
  // The main page's Locks, in this order, the first held by worker-1 with
  // waiters: mandelbrot.tile-queue, mandelbrot.image, primes.segment-queue, primes.count.
  int locks = 2;
  bool timeline = false;  // ten seconds of every live thread's Timeline lane
};

inline constexpr std::int64_t main_tid = 1000;
inline constexpr int busy_lab_samples = 100;  // 10 s of CPU samples at 10 Hz
inline constexpr int busy_lab_frames = 600;   // 10 s at 60 frames per second
inline constexpr int busy_lab_pings = 1000;   // 10 s of probe pings
inline constexpr double busy_lab_freeze_ms = 250.0;  // the one freeze in the frames' history
// Worker n's kernel TID (n from 1), and a finished worker's.
inline std::int64_t worker_tid(int n) { return main_tid + 10 + n; }
inline std::int64_t finished_worker_tid(int n) { return main_tid - 100 + n; }
inline std::string worker_name(int n) { return "worker-" + std::to_string(n); }

inline ThreadInfo thread_info(std::string name, std::int64_t native_id, ThreadState state) {
  ThreadInfo info;
  info.name = std::move(name);
  info.native_id = native_id;
  info.ident = 0x7f0000000000u + static_cast<std::uint64_t>(native_id) * 0x1000u;
  info.alive = state != ThreadState::finished;
  info.state = state;
  info.started_by_engine = true;
  return info;
}

// The live threads, as threading.enumerate() lists them.
inline std::vector<ThreadInfo> busy_threads(const BusyLab& lab) {
  ThreadInfo main_thread = thread_info("MainThread", main_tid, ThreadState::running);
  main_thread.is_main = true;
  main_thread.started_by_engine = false;
  ThreadInfo sampler = thread_info("cpu-sampler", main_tid + 1, ThreadState::running);
  sampler.daemon = true;
  ThreadInfo probe = thread_info("responsiveness-probe", main_tid + 2, ThreadState::running);
  probe.daemon = true;
  std::vector<ThreadInfo> threads = {main_thread, sampler, probe};
  for (int n = 1; n <= lab.workers; ++n) {
    const bool waiting = n % 4 == 2;
    ThreadInfo worker =
        thread_info(worker_name(n), worker_tid(n), waiting ? ThreadState::waiting_for_lock : ThreadState::running);
    if (waiting) {
      worker.waiting_for_lock_id = 1;
      worker.waiting_for_lock = "mandelbrot.tile-queue";
    }
    worker.items_done = 100 + static_cast<std::uint64_t>(n) * 7;
    threads.push_back(worker);
  }
  return threads;
}

inline std::vector<ThreadInfo> busy_finished_threads(const BusyLab& lab) {
  std::vector<ThreadInfo> finished;
  for (int n = 1; n <= lab.finished_workers; ++n) {
    ThreadInfo worker = thread_info("old-worker-" + std::to_string(n), finished_worker_tid(n), ThreadState::finished);
    worker.items_done = 2'000 + static_cast<std::uint64_t>(n);
    finished.push_back(worker);
  }
  return finished;
}

// A Lock with waits spread over the first 14 buckets (1 us to 16 ms): every histogram bar is drawn.
inline LockStats busy_lock(std::uint64_t id, std::string name, LockPolicy policy, std::uint64_t acquisitions) {
  using namespace std::chrono_literals;
  LockStats lock;
  lock.id = id;
  lock.name = std::move(name);
  lock.policy = policy;
  lock.acquisitions = acquisitions;
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

inline std::vector<LockStats> busy_locks(const BusyLab& lab) {
  std::vector<LockStats> all = {busy_lock(1, "mandelbrot.tile-queue", LockPolicy::barging, 48'000),
                                busy_lock(2, "mandelbrot.image", LockPolicy::barging, 48'000),
                                busy_lock(3, "primes.segment-queue", LockPolicy::fifo, 3'000),
                                busy_lock(4, "primes.count", LockPolicy::fifo, 3'000)};
  all[0].locked = true;
  all[0].holder_native_id = worker_tid(1);
  all[0].holder_name = worker_name(1);
  all[0].waiters = static_cast<std::uint64_t>((lab.workers + 2) / 4);
  all.resize(static_cast<std::size_t>(std::clamp(lab.locks, 0, 4)));
  return all;
}

// The latest CPU sample: every core busy, every thread's CPU.
inline CpuSample busy_cpu_sample(const BusyLab& lab) {
  using namespace std::chrono_literals;
  CpuSample cpu;
  for (int core = 0; core < lab.cores; ++core) cpu.core_load.push_back(0.92 - 0.31 * (core % 2) + 0.01 * core);
  cpu.total_load = 0.765;
  cpu.process_percent = 75.0 * lab.cores;
  for (const ThreadInfo& thread : busy_threads(lab)) {
    ThreadCpu thread_cpu;
    thread_cpu.tid = thread.native_id;
    thread_cpu.comm = thread.name.substr(0, 15);
    thread_cpu.cpu_percent = thread.state == ThreadState::running ? 48.0 : 2.0;
    thread_cpu.cpu_time = 3s;
    thread_cpu.last_core = static_cast<int>(thread.native_id % lab.cores);
    cpu.threads.push_back(thread_cpu);
  }
  for (int i = 0; i < lab.driver_threads; ++i) {
    ThreadCpu driver;
    driver.tid = main_tid + 100 + i;
    driver.comm = "llvmpipe-" + std::to_string(i);
    driver.cpu_percent = 35.0;
    driver.nanosecond_resolution = true;
    driver.run_queue_percent = 4.5;
    cpu.threads.push_back(driver);
  }
  return cpu;
}

// Ten seconds of every core's load, and the process's.
inline std::vector<CoreHistory> busy_core_history(const BusyLab& lab) {
  std::vector<CoreHistory> cores;
  for (int core = 0; core < lab.cores; ++core) {
    CoreHistory history;
    for (int i = 0; i < busy_lab_samples; ++i)
      history.load_percent.push_back(static_cast<float>(55 + 35 * std::sin(i * 0.1 + core)));
    cores.push_back(history);
  }
  return cores;
}

// Ten seconds of frames at 16.7 ms with one freeze, and of probe pings.
inline std::vector<float> busy_frame_times_ms() {
  std::vector<float> frames;
  for (int i = 0; i < busy_lab_frames; ++i)
    frames.push_back(i == busy_lab_frames / 2 ? static_cast<float>(busy_lab_freeze_ms) : 16.7f);
  return frames;
}
inline std::vector<float> busy_ping_latencies_ms() {
  std::vector<float> pings;
  for (int i = 0; i < busy_lab_pings; ++i) pings.push_back(i == busy_lab_pings / 2 ? 240.0f : 4.0f);
  return pings;
}
inline LatencySummary busy_frames_summary() {
  return {.count = busy_lab_frames, .p50_ms = 16.7, .p99_ms = 33.0, .max_ms = busy_lab_freeze_ms, .mean_ms = 17.2,
          .over_threshold = 1};
}
inline LatencySummary busy_pings_summary() {
  return {.count = busy_lab_pings, .p50_ms = 4.0, .p99_ms = 12.0, .max_ms = 240.0, .mean_ms = 4.3, .over_threshold = 1};
}

// The whole busy lab: multi-thread mode rendering the Mandelbrot set.
inline LabSnapshot busy_lab_snapshot(const BusyLab& lab = {}) {
  LabSnapshot snapshot;
  snapshot.settings.mode = Mode::multi_thread;
  snapshot.settings.workload = WorkloadKind::mandelbrot;
  snapshot.settings.workers = lab.workers;
  snapshot.worker_count = lab.workers;
  snapshot.core_count = lab.cores;
  snapshot.threads = busy_threads(lab);
  snapshot.finished_threads = busy_finished_threads(lab);
  snapshot.active_count = snapshot.threads.size();
  snapshot.current_thread = snapshot.threads.front();
  snapshot.render_tid = main_tid;
  snapshot.locks = busy_locks(lab);

  snapshot.cpu = busy_cpu_sample(lab);
  snapshot.core_history = busy_core_history(lab);
  snapshot.process_history.assign(busy_lab_samples, static_cast<float>(snapshot.cpu.process_percent));
  snapshot.mean_core_load_percent.assign(static_cast<std::size_t>(lab.cores), 60.0);
  snapshot.mean_process_percent = 0.8 * snapshot.cpu.process_percent;
  snapshot.cpu_split = ProcessCpuSplit{.workers_percent = 98.0, .render_percent = 2.0, .other_percent = 70.0};
  snapshot.mean_cpu_split = ProcessCpuSplit{.workers_percent = 60.0, .render_percent = 9.5, .other_percent = 50.0};

  snapshot.frame_times_ms = busy_frame_times_ms();
  snapshot.frames = snapshot.frames_window = busy_frames_summary();
  snapshot.probe_latencies_ms = busy_ping_latencies_ms();
  snapshot.probe = snapshot.probe_window = busy_pings_summary();
  snapshot.longest_freeze_ms = busy_lab_freeze_ms;

  snapshot.job_name = "Mandelbrot 640x480";
  snapshot.job = JobProgress{.items_done = 120, .items_total = 480, .finished = false, .cancelled = false};
  snapshot.jobs_completed = 2;
  snapshot.last_job_seconds = 1.5;
  snapshot.items_done_total = 9'600;
  snapshot.session_seconds = 30.0;
  snapshot.items_per_second = snapshot.items_done_total / snapshot.session_seconds;
  snapshot.mandelbrot_view =
      MandelbrotView{.center_x = -0.743643887, .center_y = 0.131825904, .scale = 1e-5, .max_iterations = 1000};
  if (lab.timeline) {
    std::vector<std::string> workers;
    for (int n = 1; n <= lab.workers; ++n) workers.push_back(worker_name(n));
    snapshot.timeline = busy_timeline(workers, main_tid, worker_tid(1));
  }
  return snapshot;
}

}  // namespace threadlab::test
