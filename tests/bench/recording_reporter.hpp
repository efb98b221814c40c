#pragma once
// Google Benchmark's console output, unchanged, plus a copy of every result
// line, so that main can compare figures measured side by side in this run.

#include <benchmark/benchmark.h>

#include <vector>

#include "measurement.hpp"

namespace threadlab::bench {

class RecordingReporter : public benchmark::ConsoleReporter {
 public:
  using benchmark::ConsoleReporter::ConsoleReporter;

  void ReportRuns(const std::vector<Run>& runs) override;

  const std::vector<Measurement>& measurements() const { return measurements_; }

 private:
  std::vector<Measurement> measurements_;
};

}  // namespace threadlab::bench
