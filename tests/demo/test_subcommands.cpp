// The subcommands: `threadlab compare`, `threadlab scenario NAME` and
// `threadlab bench`: what their arguments turn into, the one line each bad
// value earns; and the JSON a scenario's scripted run writes.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "cli.hpp"
#include "scenario_command.hpp"

using namespace threadlab;
using namespace threadlab::app;

namespace {

constexpr int two_cores = 2;

CommandLine parse_ok(std::vector<std::string> args) {
  const CliOutcome outcome = parse_command_line(args, two_cores);
  INFO(outcome.error);
  REQUIRE(outcome.command_line);
  return *outcome.command_line;
}

std::string parse_error(std::vector<std::string> args) {
  const CliOutcome outcome = parse_command_line(args, two_cores);
  REQUIRE_FALSE(outcome.command_line);
  REQUIRE(outcome.exit_code == exit_bad_usage);
  return outcome.error;
}

}  // namespace

TEST_CASE("compare takes an existing folder and the run options after it", "[cli][compare]") {
  const CommandLine line = parse_ok({"compare", "--out", ".", "--workload", "primes", "--threads", "3",
                                     "--duration", "2.5"});
  REQUIRE(line.command == Command::compare);
  REQUIRE(line.compare.out == ".");
  REQUIRE(line.compare.duration_seconds == 2.5);
  REQUIRE(line.run.lab.workload == WorkloadKind::primes);
  REQUIRE(line.run.lab.workers == 3);
}

TEST_CASE("compare refuses a missing --out, or one that does not exist, in one line", "[cli][compare]") {
  REQUIRE(parse_error({"compare"}) == "threadlab: --out is required");
  REQUIRE(parse_error({"compare", "--out", "/nonexistent/folder"}) ==
          "threadlab: --out: directory /nonexistent/folder does not exist");
}

TEST_CASE("scenario takes a name, the fix, a duration, threads and a stats file", "[cli][scenario]") {
  const CommandLine line =
      parse_ok({"scenario", "one-core", "--fix", "--duration", "4", "--threads", "8", "--stats-json", "s.json"});
  REQUIRE(line.command == Command::scenario);
  REQUIRE(line.scenario.kind == ScenarioKind::one_core);
  REQUIRE(line.scenario.options.fix);
  REQUIRE(line.scenario.options.duration.count() == 4.0);
  REQUIRE(line.scenario.options.threads == 8);
  REQUIRE(line.scenario.stats_json == "s.json");

  const CommandLine plain = parse_ok({"scenario", "race"});
  REQUIRE(plain.scenario.kind == ScenarioKind::race);
  REQUIRE_FALSE(plain.scenario.options.fix);
  REQUIRE(plain.scenario.options.threads == 0);  // the scenario's own default
}

TEST_CASE("scenario refuses an unknown name or a bad value in one line", "[cli][scenario]") {
  REQUIRE(parse_error({"scenario", "livelock"}) ==
          "threadlab: NAME: livelock is not one of race, contention, deadlock, starvation, one_core, gil");
  REQUIRE(parse_error({"scenario"}) == "threadlab: name is required");
  REQUIRE(parse_error({"scenario", "race", "--duration", "-1"}) ==
          "threadlab: --duration: -1 is not a positive number of seconds");
  REQUIRE(parse_error({"scenario", "race", "--threads", "0"}) == "threadlab: --threads: 0 is not in 1..64");
}

TEST_CASE("bench takes its JSON file, the phase length, a soak and the window size", "[cli][bench]") {
  const CommandLine line =
      parse_ok({"bench", "--json", "b.json", "--phase-seconds", "2", "--soak-minutes", "10", "--size", "960x540"});
  REQUIRE(line.command == Command::bench);
  REQUIRE(line.bench.json == "b.json");
  REQUIRE(line.bench.phase_seconds == 2.0);
  REQUIRE(line.bench.soak_minutes == 10.0);
  REQUIRE(line.run.window == WindowSize{960, 540});
  REQUIRE(parse_ok({"bench"}).bench.soak_minutes == 0);
  REQUIRE(parse_error({"bench", "--phase-seconds", "0"}) ==
          "threadlab: --phase-seconds: 0 is not a positive number of seconds");
}

TEST_CASE("A scenario's JSON names it, its options, every figure, each thread and the deadlock cycle",
          "[scenario]") {
  ScenarioResult result;
  result.kind = ScenarioKind::deadlock;
  result.name = "deadlock";
  result.figures = {{"detected", 1.0}, {"detection_ms", 12.5}};
  ScenarioThreadRow row;
  row.name = "takes-A-then-B";
  row.role = "survivor";
  row.acquisitions = 7;
  result.threads.push_back(row);
  result.cycles.push_back(DeadlockCycle{{DeadlockLink{"takes-A-then-B", 11, {1, "A"}, {2, "B"}},
                                         DeadlockLink{"takes-B-then-A", 12, {2, "B"}, {1, "A"}}}});
  result.notes.push_back("broken by stopping takes-B-then-A");
  ScenarioOptions options;
  options.duration = std::chrono::duration<double>(2.0);

  const auto json = build_scenario_json(result, options);
  REQUIRE(json["scenario"] == "deadlock");
  REQUIRE(json["fix"] == false);
  REQUIRE(json["options"]["duration_s"] == 2.0);
  REQUIRE(json["figures"]["detected"] == 1.0);
  REQUIRE(json["figures"]["detection_ms"] == 12.5);
  REQUIRE(json["threads"][0]["name"] == "takes-A-then-B");
  REQUIRE(json["threads"][0]["acquisitions"] == 7);
  REQUIRE(json["deadlock_cycles"].size() == 1);
  REQUIRE(json["deadlock_cycles"][0]["links"][1]["holds"]["name"] == "B");
  REQUIRE(json["deadlock_cycles"][0]["links"][1]["waits_for"]["name"] == "A");
  REQUIRE(json["notes"][0] == "broken by stopping takes-B-then-A");

  const std::string text = format_scenario_result(result);
  REQUIRE(text.find("detection_ms") != std::string::npos);
  REQUIRE(text.find("12.500") != std::string::npos);
  REQUIRE(text.find("deadlock: ") != std::string::npos);
}
