#include "recording_reporter.hpp"

namespace threadlab::bench {

namespace {

double to_ns(double value_in_unit, benchmark::TimeUnit unit) {
  return value_in_unit * 1e9 / benchmark::GetTimeUnitMultiplier(unit);
}

Measurement to_measurement(const benchmark::BenchmarkReporter::Run& run) {
  Measurement measurement;
  measurement.benchmark = run.run_name.function_name;
  measurement.args = run.run_name.args;
  measurement.threads = static_cast<int>(run.threads);
  if (run.run_type == benchmark::BenchmarkReporter::Run::RT_Aggregate) measurement.aggregate = run.aggregate_name;
  if (run.error_occurred) measurement.error = run.error_message.empty() ? "failed" : run.error_message;
  measurement.real_ns = to_ns(run.GetAdjustedRealTime(), run.time_unit);
  measurement.cpu_ns = to_ns(run.GetAdjustedCPUTime(), run.time_unit);
  for (const auto& [name, counter] : run.counters) measurement.counters[name] = counter.value;
  return measurement;
}

}  // namespace

void RecordingReporter::ReportRuns(const std::vector<Run>& runs) {
  benchmark::ConsoleReporter::ReportRuns(runs);
  for (const Run& run : runs) measurements_.push_back(to_measurement(run));
}

}  // namespace threadlab::bench
