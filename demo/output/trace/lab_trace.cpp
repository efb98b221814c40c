#include "output/trace/lab_trace.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace threadlab::app {

namespace {

std::int64_t ns_of(Clock::time_point at) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(at.time_since_epoch()).count();
}

const char* mode_words(Mode mode) { return mode == Mode::single_thread ? "single-thread" : "multi-thread"; }

bool same(const CancellationLatency& a, const CancellationLatency& b) {
  return a.cause == b.cause && a.mode == b.mode && a.workers_stopped == b.workers_stopped && a.stop_ms == b.stop_ms;
}

}  // namespace

void LabTrace::record(const Lab& lab, const LabSnapshot& snapshot, TraceRecorder& trace) {
  trace.add_timeline(snapshot.timeline, snapshot.render_tid);
  trace.add_cpu_samples(lab.cpu_samples_since(trace.newest_cpu_sample()));
  mark_changes(snapshot, trace);
}

void LabTrace::mark_changes(const LabSnapshot& snapshot, TraceRecorder& trace) {
  const std::int64_t now = ns_of(snapshot.taken_at);
  const Mode mode = snapshot.settings.mode;
  if (mode_ && *mode_ != mode) {
    trace.add_instant({now, 0, "mode", "mode switch",
                       fmt::format("{} -> {} mode", mode_words(*mode_), mode_words(mode))});
  }
  mode_ = mode;
  if (workload_ && *workload_ != snapshot.settings.workload) {
    trace.add_instant({now, 0, "mode", "workload switch",
                       fmt::format("{} -> {}", to_string(*workload_), to_string(snapshot.settings.workload))});
  }
  workload_ = snapshot.settings.workload;
  for (const LockOrderInversion& report : snapshot.lock_order_inversions) {
    std::string text = report.summary();
    if (std::find(reports_seen_.begin(), reports_seen_.end(), text) != reports_seen_.end()) continue;
    reports_seen_.push_back(text);
    trace.add_instant({now, 0, "lock-order", "possible deadlock (lock order)",
                       text + "\n" + report.scenario_table()});
  }
  mark_scenario(snapshot, trace);
  mark_cancellations(snapshot, trace);
}

void LabTrace::mark_scenario(const LabSnapshot& snapshot, TraceRecorder& trace) {
  const std::int64_t now = ns_of(snapshot.taken_at);
  const std::string page = snapshot.scenario ? snapshot.scenario->current.name : std::string();
  if (page != scenario_) {
    trace.add_instant({now, 0, "scenario", page.empty() ? "main page" : "scenario " + page,
                       page.empty() ? "the scenario page closed; the job runs again"
                                    : "the scenario page opened: " + page});
    scenario_ = page;
    awaiting_break_ = false;
  }
  if (!snapshot.scenario) return;
  const bool awaiting = snapshot.scenario->awaiting_break;
  if (awaiting && !awaiting_break_) {
    std::string text = "the watchdog found a cycle in the wait-for graph";
    for (const DeadlockCycle& cycle : snapshot.scenario->current.cycles) text += ": " + cycle.describe();
    trace.add_instant({now, 0, "deadlock", "deadlock found", text});
  } else if (!awaiting && awaiting_break_) {
    trace.add_instant({now, 0, "deadlock", "deadlock broken",
                       "one thread of the cycle was asked to stop; its refused acquire released what it held"});
  }
  awaiting_break_ = awaiting;
}

void LabTrace::mark_cancellations(const LabSnapshot& snapshot, TraceRecorder& trace) {
  // The history is a bounded ring: what follows the newest entry seen is new.
  const auto& all = snapshot.cancellations;
  std::size_t first_new = 0;
  if (!cancellations_seen_.empty()) {
    const auto& newest = cancellations_seen_.back();
    for (std::size_t i = all.size(); i-- > 0;) {
      if (same(all[i], newest)) {
        first_new = i + 1;
        break;
      }
    }
  }
  for (std::size_t i = first_new; i < all.size(); ++i) {
    const CancellationLatency& c = all[i];
    trace.add_instant({ns_of(snapshot.taken_at), 0, "cancellation", fmt::format("job cancelled: {}", c.cause),
                       fmt::format("a {} replaced the running job ({} mode): {} worker(s) stopped and joined in {:.2f} ms",
                                   c.cause, c.mode, c.workers_stopped, c.stop_ms)});
  }
  if (!all.empty()) cancellations_seen_.assign(all.end() - 1, all.end());
}

void mark_scenario_result(const ScenarioResult& result, const TimelineSnapshot& timeline, TraceRecorder& trace) {
  std::vector<const TimelineSegment*> waits;
  for (const TimelineLane& lane : timeline.lanes)
    for (const TimelineSegment& s : lane.segments)
      if (s.state == TimelineState::lock_wait) waits.push_back(&s);
  for (const DeadlockCycle& cycle : result.cycles) {
    // The watchdog broke it where a thread of the cycle gave up its wait;
    // the cycle closed when the last of its threads began waiting.
    std::int64_t broken = INT64_MAX, closed = 0;
    for (const TimelineSegment* s : waits)
      if (!s->acquired && cycle.involves_thread(s->tid)) broken = std::min(broken, s->end_ns);
    for (const TimelineSegment* s : waits)
      if (cycle.involves_thread(s->tid) && s->begin_ns < broken && s->end_ns >= std::min(broken, timeline.end_ns))
        closed = std::max(closed, s->begin_ns);
    if (closed == 0) closed = timeline.end_ns;
    trace.add_instant({closed, 0, "deadlock", "deadlock", "the cycle closed: " + cycle.describe()});
    if (broken != INT64_MAX)
      trace.add_instant({broken, 0, "deadlock", "deadlock broken",
                         "the watchdog found the cycle and asked one thread to stop; its refused acquire released what it held"});
  }
  for (const LockOrderInversion& report : result.lock_order_inversions) {
    // Reported as the second order was taken: placed at the first wait on one of its Locks.
    std::int64_t at = INT64_MAX;
    for (const TimelineSegment* s : waits)
      if (report.involves_lock(s->lock_id)) at = std::min(at, s->begin_ns);
    if (at == INT64_MAX) at = timeline.begin_ns;
    trace.add_instant({at, 0, "lock-order", "possible deadlock (lock order)",
                       report.summary() + "\n" + report.scenario_table()});
  }
}

}  // namespace threadlab::app
