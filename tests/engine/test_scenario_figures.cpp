// The names of the scenarios' counted figures, as the scenarios publish them
// and the Scenario panel and scripts read them.
#include <catch2/catch.hpp>

#include "threadlab/scenarios/figures.hpp"

namespace names = threadlab::scenario_figures;

TEST_CASE("Counted figure names say 1_thread but N_threads, with the unit in the name", "[scenario_figures]") {
  CHECK(names::throughput_per_s(1) == "throughput_1_thread_per_s");
  CHECK(names::throughput_per_s(4) == "throughput_4_threads_per_s");
  CHECK(names::lock_wait_ms(2) == "lock_wait_ms_2_threads");
  CHECK(names::speedup(8) == "speedup_8_threads");
  CHECK(names::seconds(1) == "seconds_1_worker");
  CHECK(names::cores_used(2) == "cores_used_2_workers");
  CHECK(names::involuntary_switches(2) == "involuntary_switches_2_workers");
  CHECK(names::throughput_per_s("native", 2) == "throughput_native_2_workers_per_s");
  CHECK(names::scaling("gil") == "gil_scaling");
  CHECK(names::rounds_of_thread(3) == "rounds_thread_3");
}
