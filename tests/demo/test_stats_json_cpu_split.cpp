// The stats JSON carries where the process's CPU went (the session mean), so
// that the comparison's report can show it per mode.

#include <catch2/catch.hpp>

#include "output/json/stats_json.hpp"

using namespace threadlab;
using namespace threadlab::app;

TEST_CASE("The stats JSON reports the process's CPU split: threading Threads, render thread, other threads", "[cli]") {
  LabSnapshot snapshot;
  snapshot.mean_process_percent = 180.0;
  snapshot.cpu_split = {10.0, 20.0, 30.0};          // latest sample: not what a session report wants
  snapshot.mean_cpu_split = {55.5, 24.5, 100.0};  // mean since clear_statistics()
  const auto json = build_stats_json(snapshot, SessionFacts{});
  const auto& split = json.at("process_cpu_split");
  CHECK(split.at("workers_percent").get<double>() == Approx(55.5));
  CHECK(split.at("render_percent").get<double>() == Approx(24.5));
  CHECK(split.at("other_percent").get<double>() == Approx(100.0));
  CHECK(split.size() == 3);
}
