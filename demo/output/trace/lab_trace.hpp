#pragma once
// What a window session adds to its trace, frame after frame: the Lab's
// timeline and CPU samples, and as markers what changed between two
// snapshots (a mode switch, a scenario page opened, a lock-order report, a
// deadlock found or broken, a job cancelled by a zoom, a pan or a restart).

#include <optional>
#include <string>
#include <vector>

#include "output/trace/trace_recorder.hpp"
#include "threadlab/lab/lab.hpp"

namespace threadlab::app {

class LabTrace {
 public:
  // Everything new since the last call. For the render thread, at least
  // every few seconds (the engine keeps 10 s).
  void record(const Lab& lab, const LabSnapshot& snapshot, TraceRecorder& trace);

 private:
  void mark_changes(const LabSnapshot& snapshot, TraceRecorder& trace);
  void mark_scenario(const LabSnapshot& snapshot, TraceRecorder& trace);
  void mark_cancellations(const LabSnapshot& snapshot, TraceRecorder& trace);

  std::optional<Mode> mode_;
  std::optional<WorkloadKind> workload_;
  std::string scenario_;  // the open page's name ("": the main page)
  bool awaiting_break_ = false;
  std::vector<std::string> reports_seen_;  // lock-order reports already marked
  std::vector<CancellationLatency> cancellations_seen_;
};

// A scripted scenario's markers, from its result and its threads' timeline:
// the deadlock (when its cycle closed, and when the watchdog broke it) and
// the lock-order reports.
void mark_scenario_result(const ScenarioResult& result, const TimelineSnapshot& timeline, TraceRecorder& trace);

}  // namespace threadlab::app
