// The subcommands: `threadlab compare`, `threadlab scenario NAME` and
// `threadlab bench`: what their arguments turn into, the one line each bad
// value earns; and the JSON a scenario's scripted run writes.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "commands/cli.hpp"
#include "commands/scenario_command.hpp"
#include "output/json/scenario_json.hpp"
#include "process/signals.hpp"
#include "temporary_directory.hpp"
#include "threadlab/threading/registry.hpp"
#include "threadlab/scenarios/figure_names.hpp"

using namespace threadlab;
using namespace threadlab::app;
using threadlab::test::TemporaryDirectory;

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

TEST_CASE("compare refuses a missing --out, a file, or a place no folder can be made, in one line",
          "[cli][compare]") {
  REQUIRE(parse_error({"compare"}) == "threadlab: --out is required");
  TemporaryDirectory folder("subcommands");
  const auto file = folder.path() / "a-file";
  std::ofstream(file) << "not a folder";
  REQUIRE(parse_error({"compare", "--out", file.string()}) == "threadlab: --out: " + file.string() + " is not a directory");
  REQUIRE(parse_error({"compare", "--out", (file / "below").string()}) ==
          "threadlab: --out: cannot create folder " + (file / "below").string() + ": Not a directory");
  // procfs takes no new folder, even from root.
  REQUIRE(parse_error({"compare", "--out", "/proc/threadlab-out"}).rfind("threadlab: --out: cannot create folder", 0) == 0);
}

TEST_CASE("compare --out accepts a missing folder and creates nothing before there are results", "[cli][compare]") {
  TemporaryDirectory folder("subcommands");
  const auto out = folder.path() / "new" / "deeper" / "out";
  const CommandLine line = parse_ok({"compare", "--out", out.string()});
  REQUIRE(line.compare.out == out);
  CHECK_FALSE(std::filesystem::exists(folder.path() / "new"));
  CHECK(std::filesystem::is_empty(folder.path()));  // the probe folder is gone too
}

TEST_CASE("compare refuses, in one line, every option it would not honour", "[cli][compare]") {
  TemporaryDirectory folder("subcommands");
  const std::string out = (folder.path() / "new").string();
  CHECK(parse_error({"compare", "--out", out, "--mode", "single"}) ==
        "threadlab: compare does not take --mode (it runs both modes)");
  CHECK(parse_error({"--mode", "multi", "compare", "--out", out}) ==
        "threadlab: compare does not take --mode (it runs both modes)");
  CHECK(parse_error({"compare", "--out", out, "--page", "race"}) ==
        "threadlab: compare does not take --page (it runs the responsiveness page's job)");
  CHECK(parse_error({"compare", "--out", out, "--stats-json", (folder.path() / "x.json").string()}) ==
        "threadlab: compare does not take --stats-json (its figures go to report.json in --out)");
  CHECK(parse_error({"--duration", "1", "compare", "--out", out}) ==
        "threadlab: compare does not take --duration (give its own after it: compare --out DIR --duration S)");
  // What it honours still parses; nothing was created by the refusals.
  CHECK(parse_ok({"compare", "--out", out, "--duration", "2", "--workload", "primes", "--priority", "normal"})
            .compare.duration_seconds == 2.0);
  CHECK(std::filesystem::is_empty(folder.path()));
}

TEST_CASE("Every duration is refused beyond a week, in one line, exit 2: the end time cannot overflow",
          "[cli][duration]") {
  CHECK(parse_error({"--duration", "1e10"}) == "threadlab: --duration: 1e10 is more than 604800 seconds (a week)");
  CHECK(parse_error({"--duration", "604801"}) == "threadlab: --duration: 604801 is more than 604800 seconds (a week)");
  CHECK(parse_error({"compare", "--out", ".", "--duration", "1e300"}) ==
        "threadlab: --duration: 1e300 is more than 604800 seconds (a week)");
  CHECK(parse_error({"bench", "--phase-seconds", "1e10"}) ==
        "threadlab: --phase-seconds: 1e10 is more than 604800 seconds (a week)");
  CHECK(parse_error({"bench", "--soak-minutes", "1e10"}) ==
        "threadlab: --soak-minutes: 1e10 is more than 10080 minutes (a week)");
  CHECK(parse_error({"scenario", "race", "--duration", "1e10"}) ==
        "threadlab: --duration: 1e10 is more than 604800 seconds (a week)");
  CHECK(parse_error({"--duration", "inf"}) == "threadlab: --duration: inf is not a positive number of seconds");
  CHECK(parse_ok({"--duration", "604800"}).run.duration_seconds == 604800.0);
  CHECK(parse_ok({"bench", "--soak-minutes", "10080"}).bench.soak_minutes == 10080.0);
}

TEST_CASE("Flag --fix takes no value", "[cli][scenario]") {
  CHECK(parse_error({"scenario", "race", "--fix=3"}) == "threadlab: --fix: takes no value (it is a flag)");
  CHECK(parse_error({"scenario", "race", "--fix=false"}) == "threadlab: --fix: takes no value (it is a flag)");
  CHECK(parse_ok({"scenario", "race", "--fix"}).scenario.options.fix);
}

TEST_CASE("Output files are checked at the start by creating their temporary file, so even root is refused "
          "/proc/nope at once",
          "[cli]") {
  CHECK(parse_error({"--stats-json", "/proc/nope"}) ==
        "threadlab: --stats-json: cannot write /proc/nope: No such file or directory");
  CHECK(parse_error({"scenario", "race", "--stats-json", "/proc/nope"}) ==
        "threadlab: --stats-json: cannot write /proc/nope: No such file or directory");
  CHECK(parse_error({"bench", "--json", "/proc/nope"}) ==
        "threadlab: --json: cannot write /proc/nope: No such file or directory");
  TemporaryDirectory folder("subcommands");
  const auto file = folder.path() / "stats.json";
  CHECK(parse_ok({"--stats-json", file.string()}).run.stats_json == file);
  CHECK(std::filesystem::is_empty(folder.path()));  // the probe leaves nothing behind
}

TEST_CASE("scenario race --threads 1 is refused in one line with exit 2, before anything runs", "[scenario]") {
  ScenarioSettings command;
  command.kind = ScenarioKind::race;
  command.options.threads = 1;
  CHECK(run_scenario_command(command) == exit_bad_usage);
  command.kind = ScenarioKind::deadlock;
  CHECK(run_scenario_command(command) == exit_bad_usage);
}

TEST_CASE("A scenario interrupted by a signal exits 128 + the signal, joins its threads and writes no figures",
          "[scenario][signals]") {
  signals::install();
  signals::reset_for_tests();
  TemporaryDirectory folder("subcommands");
  ScenarioSettings command;
  command.kind = ScenarioKind::contention;
  command.options.duration = std::chrono::duration<double>(60.0);
  command.stats_json = folder.path() / "figures.json";
  const std::size_t threads_before = active_count();
  const auto began = std::chrono::steady_clock::now();
  // Already pending when the run starts: the watcher stops it at once.
  REQUIRE(::raise(SIGTERM) == 0);
  CHECK(run_scenario_command(command) == 143);
  CHECK(std::chrono::steady_clock::now() - began < std::chrono::seconds(20));  // of the 60 asked for
  CHECK(active_count() == threads_before);
  CHECK(std::filesystem::is_empty(folder.path()));
  signals::reset_for_tests();
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

TEST_CASE("bench and compare take --beside N, 0 to 64 CPU-bound processes, and refuse anything else",
          "[cli][bench]") {
  REQUIRE(parse_ok({"bench", "--beside", "2"}).bench.beside == 2);
  REQUIRE(parse_ok({"bench"}).bench.beside == 0);
  REQUIRE(parse_ok({"compare", "--out", ".", "--beside", "1"}).compare.beside == 1);
  REQUIRE(parse_error({"bench", "--beside", "65"}) == "threadlab: --beside: 65 is not in 0..64");
  REQUIRE(parse_error({"compare", "--out", ".", "--beside", "1.5"}) == "threadlab: --beside: 1.5 is not in 0..64");
  REQUIRE(parse_error({"bench", "--beside", "two"}) == "threadlab: --beside: two is not in 0..64");
}

TEST_CASE("A scenario's JSON says whether the run was cut at its time limit", "[scenario]") {
  ScenarioResult result;
  result.kind = ScenarioKind::gil;
  result.name = "gil";
  result.figures = {{"gil_scaling", 1.01}};
  REQUIRE(build_scenario_json(result, ScenarioOptions{})["cut"] == false);
  REQUIRE_FALSE(build_scenario_json(result, ScenarioOptions{}).contains("cut_reason"));
  result.cut_at_time_limit = true;
  const auto json = build_scenario_json(result, ScenarioOptions{});
  REQUIRE(json["cut"] == true);
  REQUIRE(json["cut_reason"] == "cut at its time limit");
  REQUIRE(json["figures"]["gil_scaling"] == 1.01);  // the figures so far, kept
  // Stopped and resumed, not cut: its figures are whole, taken across a pause.
  result.cut_at_time_limit = false;
  result.resumed_while_running = true;
  const auto resumed = build_scenario_json(result, ScenarioOptions{});
  REQUIRE(resumed["cut"] == true);
  REQUIRE(resumed["cut_at_time_limit"] == false);
  REQUIRE(resumed["cut_reason"] == "stopped and resumed while it ran");
  REQUIRE(resumed.back() == "stopped and resumed while it ran");  // last, after the notes
}

TEST_CASE("A scenario's JSON names it, its options, every figure, each thread and the deadlock cycle",
          "[scenario]") {
  ScenarioResult result;
  result.kind = ScenarioKind::deadlock;
  result.name = "deadlock";
  result.figures = {{threadlab::figure::detected, 1.0}, {threadlab::figure::detection_ms, 12.5}};
  ScenarioThreadRow row;
  row.name = "takes-A-then-B";
  row.role = "survivor";
  row.acquisitions = 7;
  result.threads.push_back(row);
  result.cycles.push_back(DeadlockCycle{{LockOrderStep{"takes-A-then-B", 11, {1, "A"}, {2, "B"}},
                                         LockOrderStep{"takes-B-then-A", 12, {2, "B"}, {1, "A"}}}});
  result.notes.push_back("broken by stopping takes-B-then-A");
  ScenarioOptions options;
  options.duration = std::chrono::duration<double>(2.0);

  const auto json = build_scenario_json(result, options);
  REQUIRE(json["scenario"] == "deadlock");
  REQUIRE(json["fix"] == false);
  REQUIRE(json["interrupted"] == false);  // what a reader checks before trusting the figures
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

TEST_CASE("A --screenshot-dir that cannot take a file is refused at the start, in one line", "[cli]") {
  TemporaryDirectory folder("subcommands");
  const auto file = folder.path() / "a-file";
  std::ofstream(file) << "not a folder";
  CHECK(parse_error({"--screenshot-dir", "/proc/nope"}).rfind("threadlab: --screenshot-dir: cannot create folder /proc/nope", 0) == 0);
  CHECK(parse_error({"--screenshot-dir", file.string()}) ==
        "threadlab: --screenshot-dir: " + file.string() + " is not a directory");
  CHECK(parse_error({"compare", "--out", (folder.path() / "out").string(), "--screenshot-dir", "/proc/nope"})
            .rfind("threadlab: --screenshot-dir:", 0) == 0);
  // A missing folder that can be made is fine, and is not made yet.
  const auto shots = folder.path() / "shots" / "new";
  CHECK(parse_ok({"--screenshot-dir", shots.string()}).run.screenshot_dir == shots);
  CHECK_FALSE(std::filesystem::exists(folder.path() / "shots"));
}
