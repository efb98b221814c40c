#include "measurement.hpp"

#include <algorithm>

namespace threadlab::bench {

namespace {

bool matches(const Measurement& measurement, const FigureKey& key) {
  return !measurement.failed() && measurement.benchmark == key.benchmark && measurement.args == key.args &&
         measurement.threads == key.threads;
}

std::optional<double> value_of(const Measurement& measurement, const FigureKey& key) {
  switch (key.quantity) {
    case FigureKey::Quantity::real_ns: return measurement.real_ns;
    case FigureKey::Quantity::cpu_ns: return measurement.cpu_ns;
    case FigureKey::Quantity::counter: {
      const auto found = measurement.counters.find(key.counter);
      if (found == measurement.counters.end()) return std::nullopt;
      return found->second;
    }
  }
  return std::nullopt;
}

double median_of_sorted(const std::vector<double>& sorted) {
  const std::size_t middle = sorted.size() / 2;
  return sorted.size() % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2.0;
}

}  // namespace

std::optional<Figure> find_figure(const std::vector<Measurement>& measurements, const FigureKey& key) {
  std::vector<double> repetitions;
  std::optional<double> aggregated_median;
  for (const Measurement& measurement : measurements) {
    if (!matches(measurement, key)) continue;
    const std::optional<double> value = value_of(measurement, key);
    if (!value) continue;
    if (measurement.aggregate.empty()) repetitions.push_back(*value);
    else if (measurement.aggregate == "median") aggregated_median = *value;
  }
  if (repetitions.empty()) {
    if (!aggregated_median) return std::nullopt;
    return Figure{*aggregated_median, *aggregated_median, *aggregated_median, 1};
  }
  std::sort(repetitions.begin(), repetitions.end());
  return Figure{median_of_sorted(repetitions), repetitions.front(), repetitions.back(), repetitions.size()};
}

}  // namespace threadlab::bench
