// The cost of the timeline: a Mandelbrot job (the demo's 16-pixel
// tiles, two workers, the opening view) with recording on against off, in
// one run, alternating, each run charged for the process's CPU time, so
// that other processes on the shared cores do not count; and what reading
// the timeline for a snapshot costs.

#include <benchmark/benchmark.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include "bench_names.hpp"
#include "threadlab/workloads/job.hpp"
#include "threadlab/lab/lab.hpp"
#include "threadlab/threading/lock.hpp"
#include "threadlab/workloads/mandelbrot.hpp"
#include "threadlab/threading/registry.hpp"
#include "threadlab/diagnostics/thread_timeline.hpp"

namespace {

namespace names = threadlab::bench::names;

constexpr int width = 320, height = 240, tile = 16, workers = 2, pairs = 6;

double process_cpu_seconds() {
  timespec now{};
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return double(now.tv_sec) + double(now.tv_nsec) / 1e9;
}

threadlab::MandelbrotView opening_view() {
  auto view = threadlab::auto_zoom_start(width, height);
  for (int i = 0; i < 8; ++i) view = threadlab::next_auto_zoom_frame(view, width, height);
  return view;
}

// Tiles per CPU second of one whole job.
double tiles_per_cpu_second(bool recording, const threadlab::MandelbrotLocks& locks) {
  threadlab::set_timeline_recording(recording);
  auto job = std::make_shared<threadlab::MandelbrotJob>(opening_view(), width, height, tile, locks);
  const double began = process_cpu_seconds();
  {
    std::vector<std::unique_ptr<threadlab::JobWorker>> threads;
    for (int i = 0; i < workers; ++i)
      threads.push_back(std::make_unique<threadlab::JobWorker>(job, "bench-worker-" + std::to_string(i + 1)));
    for (auto& thread : threads) thread->start();
    for (auto& thread : threads) thread->join();
  }
  const double cpu = process_cpu_seconds() - began;
  threadlab::set_timeline_recording(true);
  return double(job->progress().items_done) / cpu;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t middle = values.size() / 2;
  return values.size() % 2 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

void timeline_recording(benchmark::State& state) {
  const threadlab::MandelbrotLocks locks{std::make_shared<threadlab::Lock>("bench.tile-queue"),
                                         std::make_shared<threadlab::Lock>("bench.image")};
  std::vector<double> on, off, cost_percent;
  for (auto _ : state) {
    for (int pair = 0; pair < pairs; ++pair) {
      // Alternating, and the order swapped each pair, so that a drift in the
      // machine's load falls on both sides alike.
      const bool on_first = pair % 2 == 0;
      const double first = tiles_per_cpu_second(on_first, locks);
      const double second = tiles_per_cpu_second(!on_first, locks);
      const double with = on_first ? first : second, without = on_first ? second : first;
      on.push_back(with);
      off.push_back(without);
      cost_percent.push_back(100.0 * (without - with) / without);
    }
  }
  state.counters["tiles_per_cpu_s_on"] = median(on);
  state.counters["tiles_per_cpu_s_off"] = median(off);
  state.counters["cost_pct"] = median(cost_percent);  // > 0: recording slower
  state.counters["cost_pct_min"] = *std::min_element(cost_percent.begin(), cost_percent.end());
  state.counters["cost_pct_max"] = *std::max_element(cost_percent.begin(), cost_percent.end());
}

BENCHMARK(timeline_recording)->Name(names::timeline_recording)->Iterations(1)->Unit(benchmark::kMillisecond);

// take_timeline over 10 s right after such jobs: what each Lab snapshot
// (one per frame) pays to read the rings of every thread.
void timeline_take(benchmark::State& state) {
  const threadlab::MandelbrotLocks locks{std::make_shared<threadlab::Lock>("bench.tile-queue"),
                                         std::make_shared<threadlab::Lock>("bench.image")};
  for (int i = 0; i < 4; ++i) tiles_per_cpu_second(true, locks);  // histories to read
  std::size_t segments = 0, lanes = 0;
  for (auto _ : state) {
    const auto now = std::chrono::steady_clock::now().time_since_epoch();
    const auto timeline = threadlab::take_timeline(std::chrono::seconds(10), {}, threadlab::get_native_id(),
                                                   std::chrono::duration_cast<std::chrono::nanoseconds>(now).count());
    lanes = timeline.lanes.size();
    segments = 0;
    for (const auto& lane : timeline.lanes) segments += lane.segments.size() + lane.items_ns.size();
    benchmark::DoNotOptimize(timeline);
  }
  state.counters["lanes"] = double(lanes);
  state.counters["segments_and_items"] = double(segments);
}

BENCHMARK(timeline_take)->Name(names::timeline_take)->Unit(benchmark::kMicrosecond);

}  // namespace

namespace {

// Cancellation latency, measured as the window drives the Lab
// (no GL): a 640x480 Mandelbrot in multi-thread mode with two workers, a
// zoom every 250 ms of 60 Hz frames that take the finished tiles, then mode
// switches. Counters: medians and maxima of the time to every old worker
// stopped and to the new job's first tile, ms. The frame pacing sleeps: it
// stands for the render loop's vsync, not for synchronisation.
void cancellation_latency(benchmark::State& state) {
  using namespace std::chrono_literals;
  threadlab::LabSettings settings;
  settings.mode = threadlab::Mode::multi_thread;
  settings.workers = 2;
  settings.priority = threadlab::WorkerPriority::normal;
  threadlab::Lab lab(settings, {});
  const auto frames_for = [&lab](std::chrono::milliseconds how_long) {
    const auto until = threadlab::Clock::now() + how_long;
    while (threadlab::Clock::now() < until) {
      lab.on_frame(threadlab::Clock::now(), threadlab::Millis(16.7));
      benchmark::DoNotOptimize(lab.take_finished_tiles());
      std::this_thread::sleep_for(16ms);
    }
  };
  for (auto _ : state) {
    lab.start_job();
    frames_for(300ms);
    for (int i = 0; i < 12; ++i) {
      lab.zoom_at(320, 240, i % 2 ? 1.25 : 0.8);
      frames_for(250ms);
    }
    for (int i = 0; i < 2; ++i) {
      lab.set_mode(threadlab::Mode::single_thread);
      frames_for(100ms);
      lab.set_mode(threadlab::Mode::multi_thread);
      frames_for(250ms);
    }
  }
  const auto all = lab.snapshot().cancellations;
  const auto zooms = threadlab::summarize(all, "zoom");
  const auto switches = threadlab::summarize(all, "mode switch");
  state.counters["zooms"] = double(zooms.count);
  state.counters["zoom_stop_median_ms"] = zooms.stop_median_ms;
  state.counters["zoom_stop_max_ms"] = zooms.stop_max_ms;
  state.counters["zoom_first_tile_median_ms"] = zooms.first_tile_median_ms;
  state.counters["zoom_first_tile_max_ms"] = zooms.first_tile_max_ms;
  state.counters["switches"] = double(switches.count);
  state.counters["switch_stop_max_ms"] = switches.stop_max_ms;
  state.counters["switch_first_tile_median_ms"] = switches.first_tile_median_ms;
}

BENCHMARK(cancellation_latency)->Name(names::cancellation_latency)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace
