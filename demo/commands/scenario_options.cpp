// `threadlab scenario NAME`'s options: --fix, --duration, --threads, --stats-json, --trace.
#include "commands/subcommand_options.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "commands/cli_values.hpp"

namespace threadlab::app {

namespace {

// NAME, the scenario to run.
void add_scenario_name(CLI::App* scenario, CommandLine& line) {
  scenario
      ->add_option_function<std::string>(
          "name",
          [&line](const std::string& text) {
            const auto kind = scenario_from_name(text);
            if (!kind) reject("NAME", fmt::format("{} is not one of {}", text, scenario_names()));
            line.scenario.kind = *kind;
          },
          "which scenario")
      ->type_name("NAME")
      ->required();
}

// How it runs: --fix, --duration, --threads.
void add_scenario_run_options(CLI::App* scenario, CommandLine& line) {
  scenario->add_flag_function(
      "--fix", [&line](std::int64_t count) { line.scenario.options.fix = count > 0; },
      "apply the scenario's fix (a Lock, finer locks, lock ordering, a fair Lock...)")
      // A flag: "--fix=3" or "--fix=false" is refused rather than read as a count.
      ->disable_flag_override();
  scenario
      ->add_option_function<std::string>(
          "--duration",
          [&line](const std::string& text) {
            line.scenario.options.duration = std::chrono::duration<double>(parse_seconds("--duration", text));
          },
          fmt::format("seconds to measure (default: 3; at most 3600); a run never goes on more than {} s past it",
                      scenario_time_margin.count()))
      ->type_name("SECONDS");
  scenario
      ->add_option_function<std::string>(
          "--threads",
          [&line](const std::string& text) {
            auto threads = parse_number<int>(text);
            if (!threads || *threads < 1 || *threads > max_scenario_threads) {
              reject("--threads", fmt::format("{} is not in 1..{}", text, max_scenario_threads));
            }
            line.scenario.options.threads = *threads;
          },
          "threads the scenario starts (default: the scenario's own; at least 2 where threads are compared; "
          "deadlock: a ring of N threads and N Locks)")
      ->type_name("N");
}

// What it writes: --stats-json, --trace.
void add_scenario_file_options(CLI::App* scenario, CommandLine& line) {
  scenario
      ->add_option_function<std::string>(
          "--stats-json",
          [&line](const std::string& text) {
            check_output_file_path(text);
            line.scenario.stats_json = std::filesystem::path(text);
          },
          "write what the scenario measured here")
      ->type_name("FILE");
  scenario
      ->add_option_function<std::string>(
          "--trace",
          [&line](const std::string& text) {
            check_output_file_path(text, "--trace");
            line.scenario.trace = std::filesystem::path(text);
          },
          "write what the scenario's threads did here as Chrome Trace Event JSON (Perfetto)")
      ->type_name("FILE");
}

}  // namespace

void add_scenario_command(CLI::App& app, CommandLine& line) {
  CLI::App* scenario = app.add_subcommand(
      "scenario", fmt::format("run one of the tutorial's costs of threads, without a window, and report what "
                              "happened: {}",
                              scenario_names()));
  add_scenario_name(scenario, line);
  add_scenario_run_options(scenario, line);
  add_scenario_file_options(scenario, line);
  scenario->callback([&line] { line.command = Command::scenario; });
}

}  // namespace threadlab::app
