// After a scenario's run ends (and its Locks with it), the Lab's snapshot
// still shows the scenario's Locks as they ended, marked as such; never the
// main page's Locks.
#include <catch2/catch.hpp>

#include <algorithm>

#include "threadlab/lab/lab.hpp"
#include "../wait_until.hpp"

TEST_CASE("A scenario's Locks stay in the snapshot after its run, as they ended", "[lab][truth]") {
  threadlab::LabSettings settings;
  settings.image_width = 96;
  settings.image_height = 64;
  settings.scenario_duration = std::chrono::duration<double>(0.3);
  threadlab::Lab lab(settings, {});
  lab.start_scenario(threadlab::ScenarioKind::race, true);
  threadlab::testing::wait_until([&] { return lab.snapshot().scenario->finished; }, "the race scenario to finish");
  const auto after = lab.snapshot();
  REQUIRE(after.locks_outlived);
  const auto counter = std::find_if(after.locks.begin(), after.locks.end(),
                                    [](const threadlab::LockStats& lock) { return lock.name == "race.counter"; });
  REQUIRE(counter != after.locks.end());
  CHECK(counter->acquisitions > 0);
  CHECK(std::none_of(after.locks.begin(), after.locks.end(),
                     [](const threadlab::LockStats& lock) { return lock.name.starts_with("mandelbrot."); }));
  // Run again: live Locks, no longer marked as outlived once the new run has them.
  lab.start_scenario(threadlab::ScenarioKind::race, true);
  lab.close_scenario();
  CHECK_FALSE(lab.snapshot().locks_outlived);
}
