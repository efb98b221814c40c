#pragma once
// The six scenarios, each run on a ScenarioContext by run_scenario
// (scenario.cpp); one file each, named for it: race.cpp, deadlock.cpp, ...

#include "context.hpp"

namespace threadlab::detail {

void run_race(ScenarioContext& context);
void run_contention(ScenarioContext& context);
void run_deadlock(ScenarioContext& context);
void run_starvation(ScenarioContext& context);
void run_one_core(ScenarioContext& context);
void run_gil(ScenarioContext& context);

}  // namespace threadlab::detail
