#pragma once
// The engine's figures as JSON, one shape per concept, as nlohmann's
// to_json overloads: every file the demo writes (--stats-json, report.json,
// the scenario command's and the benchmark's JSON) builds its parts from
// these, so a latency summary or a Lock reads the same everywhere.
// (In namespace threadlab, beside the types, so nlohmann finds them.)

#include <nlohmann/json.hpp>

#include "threadlab/measurement/cpu_monitor.hpp"
#include "threadlab/diagnostics/deadlock_detector.hpp"
#include "threadlab/measurement/frame_stats.hpp"
#include "threadlab/threading/lock.hpp"
#include "threadlab/diagnostics/lock_order.hpp"
#include "threadlab/workloads/mandelbrot.hpp"
#include "threadlab/scenarios/scenario.hpp"

namespace threadlab {

// count, p50_ms, p99_ms, max_ms.
void to_json(nlohmann::ordered_json& j, const LatencySummary& summary);
// workers_percent, render_percent, other_percent: % of one core.
void to_json(nlohmann::ordered_json& j, const ProcessCpuSplit& split);
// center_x, center_y, scale, max_iterations.
void to_json(nlohmann::ordered_json& j, const MandelbrotView& view);
// A Lock's waits: name, acquisitions, contended, contended_fraction, total_wait_ms, max_wait_ms, mean_wait_us.
void to_json(nlohmann::ordered_json& j, const LockStats& lock);
// Which Lock: id, name.
void to_json(nlohmann::ordered_json& j, const LockRef& lock);
// description, links (thread, native_id, holds, waits_for).
void to_json(nlohmann::ordered_json& j, const DeadlockCycle& cycle);
// One order of Locks seen: thread, native_id, held, wanted.
void to_json(nlohmann::ordered_json& j, const LockOrderStep& step);
// A possible deadlock: summary, steps (the closing acquisition first), and
// lockdep's two-column scenario as text.
void to_json(nlohmann::ordered_json& j, const LockOrderInversion& inversion);
// A scenario's thread: name, role, native_id, acquisitions, work_done, total_wait_ms, max_wait_ms.
void to_json(nlohmann::ordered_json& j, const ScenarioThreadRow& row);

}  // namespace threadlab
