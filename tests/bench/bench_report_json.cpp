#include "bench_report_json.hpp"
#include "threadlab/scenarios/figure_names.hpp"

#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <system_error>
#include <tuple>

namespace threadlab::bench {

namespace {

using nlohmann::json;
using Quantity = FigureKey::Quantity;

json figure_json(const Figure& figure) {
  return {{"median", figure.median}, {"min", figure.min}, {"max", figure.max}, {"repetitions", figure.repetitions}};
}

// One entry per benchmark instance (name, arguments, threads), whatever the repetitions.
json figures_json(const std::vector<Measurement>& measurements) {
  json figures = json::array();
  std::set<std::tuple<std::string, std::string, int>> done;
  for (const Measurement& measurement : measurements) {
    if (!done.emplace(measurement.benchmark, measurement.args, measurement.threads).second) continue;
    FigureKey key{measurement.benchmark, measurement.args, measurement.threads, Quantity::real_ns, {}};
    json entry = {{"benchmark", measurement.benchmark}, {"args", measurement.args}, {threadlab::figure::threads, measurement.threads}};
    if (measurement.failed()) entry["error"] = measurement.error;
    if (const auto real = find_figure(measurements, key)) entry["real_ns"] = figure_json(*real);
    key.quantity = Quantity::cpu_ns;
    if (const auto cpu = find_figure(measurements, key)) entry["cpu_ns"] = figure_json(*cpu);
    key.quantity = Quantity::counter;
    json counters = json::object();
    for (const auto& [name, value] : measurement.counters) {
      key.counter = name;
      if (const auto counter = find_figure(measurements, key)) counters[name] = figure_json(*counter);
    }
    entry["counters"] = counters;
    figures.push_back(entry);
  }
  return figures;
}

json targets_json(const std::vector<TargetRow>& rows) {
  json targets = json::array();
  for (const TargetRow& row : rows) {
    json entry = {{"figure", row.what},
                  {"unit", row.unit},
                  {"goal", row.goal_text()},
                  {"verdict", row.verdict()},
                  {"detail", row.detail}};
    entry["measured"] = row.measured ? json(*row.measured) : json(nullptr);
    if (row.measured) entry["noise"] = row.spread;
    targets.push_back(entry);
  }
  return targets;
}

}  // namespace

std::string write_bench_json(const std::filesystem::path& path, const std::vector<Measurement>& measurements,
                             const std::vector<TargetRow>& rows) {
  const json report = {{"figures", figures_json(measurements)}, {"targets", targets_json(rows)}};
  std::filesystem::path temporary = path;
  temporary += ".tmp-" + std::to_string(::getpid());
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << report.dump(2) << '\n';
    out.close();
    if (!out) {
      std::error_code ignored;
      std::filesystem::remove(temporary, ignored);
      return "cannot write " + path.string();
    }
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    return "cannot write " + path.string() + ": " + error.message();
  }
  return {};
}

}  // namespace threadlab::bench
