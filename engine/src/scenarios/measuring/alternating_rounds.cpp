#include "alternating_rounds.hpp"

#include <algorithm>

namespace threadlab::detail {

void AlternatingRounds::add(bool many, double work, double seconds) {
  const int slot = many ? 1 : 0;
  round_work_[slot] += work;
  round_seconds_[slot] += seconds;
  if (++runs_in_round_ < static_cast<int>(order.size())) return;
  runs_in_round_ = 0;
  if (round_seconds_[0] > 0 && round_seconds_[1] > 0 && round_work_[0] > 0) {
    const double one = round_work_[0] / round_seconds_[0];
    const double several = round_work_[1] / round_seconds_[1];
    ratios_.push_back(several / one);
    for (int s = 0; s < 2; ++s) {
      work_[s] += round_work_[s];
      seconds_[s] += round_seconds_[s];
    }
  }
  round_work_ = {0, 0};
  round_seconds_ = {0, 0};
}

std::optional<double> AlternatingRounds::median_ratio() const {
  if (ratios_.empty()) return std::nullopt;
  std::vector<double> sorted = ratios_;
  std::sort(sorted.begin(), sorted.end());
  const std::size_t middle = sorted.size() / 2;
  return sorted.size() % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

}  // namespace threadlab::detail
