// gil: the same CPU-bound chunks of work with 1 and 2 workers, each worker
// computing only while it holds the Gil, next to native workers (no GIL).
// The fix measures native workers only.
//
// Slices go 1, n, n, 1 workers, round after round, and each scaling is the
// median of the rounds' (alternating_rounds.hpp), so that the machine
// getting busier or quieter affects both alike. A run cut short reports the
// rounds it completed.

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "measuring/alternating_rounds.hpp"
#include "measuring/io_figures.hpp"
#include "runs.hpp"
#include "scenario_thread.hpp"
#include "measuring/work.hpp"
#include "threadlab/threading/event.hpp"
#include "threadlab/threading/gil.hpp"
#include "threadlab/scenarios/figures.hpp"
#include "threadlab/scenarios/figure_names.hpp"

namespace threadlab::detail {

namespace {

constexpr std::uint64_t steps_per_chunk = 20'000;  // tens of microseconds: a few "bytecodes"

constexpr double slice_target_seconds = 0.05;

struct Slice {
  std::uint64_t chunks = 0;
  double seconds = 0;
  std::uint64_t forced_switches = 0;
};

// One slice: `workers` threads compute chunks for `how_long`, under the Gil
// when there is one; their rows are published as they go.
Slice measure(ScenarioContext& context, Gil* gil, int workers, std::chrono::duration<double> how_long) {
  std::atomic<bool> finish{false};
  std::atomic<std::uint64_t> sink{0};  // the chunks' results go somewhere, so no compiler drops them
  Event go;
  std::vector<ThreadTally> tallies(static_cast<std::size_t>(workers));
  std::vector<std::unique_ptr<ScenarioThread>> threads;
  const std::uint64_t forced_before = gil ? gil->forced_switches() : 0;
  for (int w = 0; w < workers; ++w) {
    ThreadTally& tally = tallies[static_cast<std::size_t>(w)];
    threads.push_back(std::make_unique<ScenarioThread>(
        (gil ? "gil-worker-" : "native-worker-") + std::to_string(w + 1),
        [&, &tally = tally, seed = std::uint64_t(w) + 1](std::stop_token stop) {
          go.wait();
          std::uint64_t value = seed;
          if (gil) {
            tally.begin_wait(std::chrono::steady_clock::now());
            const bool holding = gil->acquire();
            tally.end_wait(std::chrono::steady_clock::now());
            if (!holding) return;
            tally.add_acquisition();
          }
          while (!finish.load(std::memory_order_relaxed) && !stop.stop_requested()) {
            value = busy_work(steps_per_chunk, value);
            tally.add_work();
            if (gil && gil->drop_requested()) {
              tally.begin_wait(std::chrono::steady_clock::now());
              const bool holding = gil->yield_if_requested();
              tally.end_wait(std::chrono::steady_clock::now());
              if (!holding) return;
              tally.add_acquisition();
            }
          }
          if (gil) gil->release();
          sink.fetch_add(value, std::memory_order_relaxed);
        }));
  }
  for (auto& thread : threads) thread->start();
  const auto began = std::chrono::steady_clock::now();
  go.set();
  auto publish_rows = [&] {
    std::vector<ScenarioThreadRow> rows;
    const auto now = std::chrono::steady_clock::now();
    for (std::size_t w = 0; w < threads.size(); ++w) rows.push_back(tallies[w].row(*threads[w], "worker", now));
    context.set_threads(std::move(rows));
  };
  context.tick_for(began, how_long, [&] {
    publish_rows();
    return true;
  });
  Slice slice;
  for (const auto& tally : tallies) slice.chunks += tally.work_done.load(std::memory_order_relaxed);
  slice.seconds = seconds_between(began, std::chrono::steady_clock::now());
  finish.store(true, std::memory_order_relaxed);
  for (auto& thread : threads) thread->join();
  slice.forced_switches = gil ? gil->forced_switches() - forced_before : 0;
  publish_rows();
  return slice;
}

// The figures of one variant's complete rounds so far: called after every
// round, so a run cut short (a time limit, a stop) still reports them.
void publish(ScenarioContext& context, const char* variant, const AlternatingRounds& rounds, int many) {
  const auto scaling = rounds.median_ratio();
  if (!scaling) return;
  context.set_figure(scenario_figures::throughput_per_s(variant, 1), rounds.work(false) / rounds.seconds(false));
  context.set_figure(scenario_figures::throughput_per_s(variant, many), rounds.work(true) / rounds.seconds(true));
  // The median of the rounds' ratios: one round hit by other programs' load cannot move it far.
  context.set_figure(scenario_figures::scaling(variant), *scaling);
  context.set_figure(std::string(variant) + "_rounds", rounds.complete_rounds());
  // How long each worker count was measured (the shorter of the two): a
  // verdict needs enough of both.
  context.set_figure(std::string(variant) + "_measured_s", std::min(rounds.seconds(false), rounds.seconds(true)));
}

}  // namespace

void run_gil(ScenarioContext& context) {
  const bool native_only = context.options().fix;
  const int many = context.threads_or(2);
  Gil gil;  // 5 ms switch interval, as CPython's default

  struct Variant {
    Gil* gil;
    const char* name;
  };
  std::vector<Variant> variants;
  if (!native_only) variants.push_back({&gil, "gil"});
  variants.push_back({nullptr, "native"});
  context.set_figure(figure::gil_switch_interval_ms, 1000.0 * gil.switch_interval().count());
  context.set_figure(figure::cores, usable_cores());

  // Slices of about 50 ms go 1, many, many, 1 workers, again and again: a
  // burst of load from other processes then hits both kinds of slice alike.
  const auto slices = double(4 * variants.size());
  const double seconds = context.options().duration.count();
  const int repetitions = std::clamp(static_cast<int>(seconds / (slices * slice_target_seconds)), 1, 100);
  const auto slice_length = context.options().duration / (slices * repetitions);
  std::size_t slices_done = 0;
  for (const Variant& variant : variants) {
    AlternatingRounds rounds;
    std::uint64_t forced_switches = 0;
    for (int slice_index = 0; slice_index < 4 * repetitions; ++slice_index) {
      const bool is_many = AlternatingRounds::order[static_cast<std::size_t>(slice_index % 4)];
      const int workers = is_many ? many : 1;
      if (context.stop_requested()) return;
      context.set_phase(fmt::format("{} {} {}", workers, workers == 1 ? "worker" : "workers",
                                    variant.gil ? "under the GIL" : "running natively"));
      const Slice slice = measure(context, variant.gil, workers, slice_length);
      if (context.stop_requested()) return;  // a slice cut short measures nothing
      rounds.add(is_many, double(slice.chunks), slice.seconds);
      forced_switches += slice.forced_switches;
      if (slice_index % 4 == 3) {
        publish(context, variant.name, rounds, many);
        if (variant.gil) context.set_figure(figure::gil_forced_switches, double(forced_switches));
      }
      context.set_progress(double(++slices_done) / (slices * repetitions));
    }
  }
  if (!native_only) measure_gil_io_scaling(context, gil);  // the I/O-bound half
  if (context.stop_requested()) return;

  const auto scaling = [&](const char* name) { return context.result().figure(std::string(name) + "_scaling"); };
  if (const auto gil_scaling = scaling("gil")) {
    context.add_note(fmt::format("Under the GIL, {} workers did {:.2f}x the work of 1: they take turns.", many,
                                 *gil_scaling));
  }
  if (const auto native_scaling = scaling("native")) {
    context.add_note(fmt::format("Native threads: {} workers did {:.2f}x the work of 1 (on {} cores).", many,
                                 *native_scaling, usable_cores()));
  }
}

}  // namespace threadlab::detail
