#pragma once
// One result line of Google Benchmark, copied out of its reporter so that
// the targets table and the JSON need nothing from Google Benchmark.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace threadlab::bench {

struct Measurement {
  std::string benchmark;  // the registered name, e.g. "lock_contended/std::mutex"
  std::string args;       // e.g. "process_threads:10"; empty when the benchmark takes none
  int threads = 1;
  std::string aggregate;  // empty for one repetition; "mean", "median", ... for Google Benchmark's aggregates
  std::string error;      // why the run failed; empty when it did not
  double real_ns = 0;     // per iteration; manual time when the benchmark sets its own
  double cpu_ns = 0;      // per iteration, summed over the benchmark's threads
  std::map<std::string, double> counters;  // rates already per second

  bool failed() const { return !error.empty(); }
};

// Which value of which benchmark a figure is made of.
struct FigureKey {
  enum class Quantity { real_ns, cpu_ns, counter };
  std::string benchmark;
  std::string args;
  int threads = 1;
  Quantity quantity = Quantity::real_ns;
  std::string counter;  // for Quantity::counter
};

// One value over the repetitions of this run.
struct Figure {
  double median = 0, min = 0, max = 0;
  std::size_t repetitions = 0;
  // (max - min) / median: how far apart the repetitions were.
  double spread() const { return median != 0 ? (max - min) / median : 0.0; }
};

// The figure of the successful repetitions that match the key; when the run
// kept only aggregates (--benchmark_report_aggregates_only), their median.
// Nothing when the benchmark did not run (filtered out, not built, failed).
std::optional<Figure> find_figure(const std::vector<Measurement>& measurements, const FigureKey& key);

}  // namespace threadlab::bench
