#pragma once
// A scenario's result as JSON: what `threadlab scenario NAME --stats-json`
// writes, and the "scenario" part of the window's --stats-json. Keys in the
// order written here: scenario, fix, options, figures (name to value, units
// in the names), threads, deadlock cycles, notes.

#include <nlohmann/json.hpp>

#include "threadlab/scenarios/scenario.hpp"

namespace threadlab::app {

nlohmann::ordered_json build_scenario_json(const ScenarioResult& result, const ScenarioOptions& options);

}  // namespace threadlab::app
