#pragma once
// What the scenario tests share: options for a scripted run, and a figure
// the scenario must have reported.

#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "threadlab/scenarios/scenario.hpp"

namespace threadlab::test {

inline ScenarioOptions scenario_options(bool fix, double seconds, int threads = 0) {
  ScenarioOptions out;
  out.fix = fix;
  out.duration = std::chrono::duration<double>(seconds);
  out.threads = threads;
  return out;
}

// The figure, which the scenario must have reported.
inline double figure(const ScenarioResult& result, const std::string& name) {
  const auto value = result.figure(name);
  INFO("figure " << name);
  REQUIRE(value.has_value());
  return *value;
}

}  // namespace threadlab::test
