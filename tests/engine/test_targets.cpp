// The targets table both benchmarks print against.
#include <catch2/catch.hpp>

#include "threadlab/targets.hpp"

using namespace threadlab::targets;

TEST_CASE("A goal is met on its side of the limit, at_most includes it, below does not", "[targets]") {
  CHECK(met(Goal::at_most, 1.05, 1.05));
  CHECK_FALSE(met(Goal::at_most, 1.06, 1.05));
  CHECK_FALSE(met(Goal::below, 2.0, 2.0));
  CHECK(met(Goal::below, 1.99, 2.0));
  CHECK(met(Goal::at_least, 0.9, 0.9));
  CHECK_FALSE(met(Goal::at_least, 0.89, 0.9));
  CHECK(met(Goal::none, -1.0, 0.0));
}

TEST_CASE("Both benchmarks word a verdict the same: pass, MISS, or nothing for information", "[targets]") {
  CHECK(verdict(true) == "pass");
  CHECK(verdict(false) == "MISS");
  CHECK(verdict(std::nullopt).empty());
}
