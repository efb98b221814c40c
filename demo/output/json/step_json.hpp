#pragma once
// A Step-through run as JSON (`threadlab step --stats-json`): the lesson and
// its options, the schedule given, each thread's statements, every step
// (thread and statement 1-based, refused and why, the shared values before
// and after), the figures (expected, actual, lost_updates, deadlock, the
// cycle), the outcome in words and the lock-order inversions.

#include <nlohmann/json.hpp>

#include <vector>

#include "threadlab/stepping/stepper.hpp"

namespace threadlab::app {

nlohmann::ordered_json build_step_json(const stepping::ScheduleRun& run, const stepping::StepOptions& options,
                                       const std::vector<int>& schedule_given);

}  // namespace threadlab::app
