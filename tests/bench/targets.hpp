#pragma once
// The micro-benchmarks' rows of the project's targets table
// (threadlab/targets.hpp), checked on figures measured side by side in one
// run. Benchmarks are not tests: a MISS is reported, not failed.

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "measurement.hpp"
#include "threadlab/targets.hpp"

namespace threadlab::bench {

struct TargetRow {
  using Goal = targets::Goal;

  std::string what;
  std::optional<double> measured;  // nothing when a benchmark it needs did not run
  std::string unit;                // "x" for ratios, "ms", "%"
  Goal goal = Goal::none;
  double limit = 0;
  double spread = 0;   // the largest spread among the figures it is made of
  std::string detail;  // the figures themselves, e.g. "18.3 ns vs 17.1 ns"

  // "pass", "MISS" (targets::verdict), "info", or "not run".
  std::string verdict() const;
  // e.g. "<= 1.10x"; empty for information rows.
  std::string goal_text() const;
};

std::vector<TargetRow> target_rows(const std::vector<Measurement>& measurements);

void print_targets(std::FILE* out, const std::vector<TargetRow>& rows);

}  // namespace threadlab::bench
