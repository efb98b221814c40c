#pragma once
// The one_core and gil ratios: 1 worker against N, measured in rounds of
// four runs (1, N, N, 1 workers) one after the other in the same run. Each
// round gives its own ratio; the scenario reports the median of the rounds,
// so a burst of load from other programs that hits one round moves one
// ratio among several, not the result.

#include <array>
#include <optional>
#include <vector>

namespace threadlab::detail {

class AlternatingRounds {
 public:
  // The run order within a round, as indices into add()'s `many` flag.
  static constexpr std::array<bool, 4> order{false, true, true, false};

  // One run: `work` units done in `seconds`, by 1 worker or by many.
  // Every fourth call closes a round.
  void add(bool many, double work, double seconds);

  int complete_rounds() const { return static_cast<int>(ratios_.size()); }
  // Median over the complete rounds of (many's work per second) / (1's);
  // nullopt before the first round is complete.
  std::optional<double> median_ratio() const;
  // Totals over the complete rounds, [0]: 1 worker, [1]: many.
  double work(bool many) const { return work_[many ? 1 : 0]; }
  double seconds(bool many) const { return seconds_[many ? 1 : 0]; }

 private:
  std::vector<double> ratios_;
  std::array<double, 2> work_{0, 0};
  std::array<double, 2> seconds_{0, 0};
  std::array<double, 2> round_work_{0, 0};
  std::array<double, 2> round_seconds_{0, 0};
  int runs_in_round_ = 0;
};

}  // namespace threadlab::detail
