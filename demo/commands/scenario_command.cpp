#include "commands/scenario_command.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <stop_token>
#include <string_view>

#include "process/signals.hpp"
#include "output/json/scenario_json.hpp"
#include "process/progress_lines.hpp"
#include "output/json/stats_json.hpp"
#include "output/json/timeline_json.hpp"

namespace threadlab::app {

namespace {

using signals::print_stdout;
constexpr auto say = [](std::string_view text) { print_stdout(text); };

// A run stopped by a signal: nothing written, and the exit code says how it
// ended (130, 143, 129).
int report_interrupted(const ScenarioInfo& info) {
  const int signal_number = signals::first_signal();
  fmt::print(stderr, "threadlab: scenario {} interrupted{}{}; no figures written\n", info.name,
             signal_number != 0 ? " by " : "", signal_number != 0 ? signals::signal_name(signal_number) : "");
  const int code = signals::interrupted_exit_code();
  return code != 0 ? code : 1;
}

}  // namespace

std::string format_scenario_result(const ScenarioResult& result) {
  std::size_t name_width = 0;
  for (const auto& figure : result.figures) name_width = std::max(name_width, figure.first.size());
  std::string text;
  for (const auto& [name, value] : result.figures) {
    // Counts print whole ("31700000"), measurements with three decimals.
    const bool whole = value == std::floor(value) && std::abs(value) < 1e15;
    text += whole ? fmt::format("  {:<{}}  {:>14.0f}\n", name, name_width, value)
                  : fmt::format("  {:<{}}  {:>14.3f}\n", name, name_width, value);
  }
  for (const DeadlockCycle& cycle : result.cycles) text += fmt::format("  deadlock: {}\n", cycle.describe());
  for (const std::string& note : result.notes) text += fmt::format("  - {}\n", note);
  return text;
}

int run_scenario_command(const ScenarioSettings& command) {
  const ScenarioInfo& info = scenario_info(command.kind);
  try {
    validate(command.kind, command.options);
  } catch (const std::invalid_argument& error) {
    fmt::print(stderr, "threadlab: scenario {}: {}\n", info.name, error.what());
    return exit_bad_usage;
  }
  say(fmt::format("{}{}\n{}\n", info.title, command.options.fix ? " (with the fix)" : "", info.explanation));
  if (command.options.fix) say(fmt::format("The fix: {}\n", info.fix));

  ProgressLines progress_lines(
      [](int percent, const std::string&) { return fmt::format("threadlab scenario: {:3d}%\n", percent); });
  const auto show_progress = [&progress_lines](double progress) { progress_lines.update(progress); };
  ScenarioResult result;
  const unsigned continued_before = signals::times_continued();
  {
    // SIGINT, SIGTERM, SIGHUP stop the run at once (its threads joined)
    // instead of at its end: the watcher turns the signal into a stop request.
    std::stop_source stop;
    signals::SignalWatcher watcher([&stop](int) { stop.request_stop(); });
    try {
      result = run_scenario(command.kind, command.options, show_progress, stop.get_token());
    } catch (const std::runtime_error& error) {
      fmt::print(stderr, "threadlab: scenario {}: {}\n", info.name, error.what());
      return 1;
    }
  }
  // A half run is no result: nothing is written under --stats-json.
  if (result.interrupted || signals::close_requested()) return report_interrupted(info);
  // Stopped (Ctrl+Z) and resumed: the pause counts in the run's time, so
  // its ratios are not what the machine does; the figures are still shown.
  const bool resumed = signals::times_continued() != continued_before;
  const char* cut_reason = resumed && result.cut_at_time_limit ? "stopped and resumed, then cut at its time limit"
                           : result.cut_at_time_limit            ? "cut at its time limit"
                           : resumed                             ? "stopped and resumed while it ran"
                                                                 : nullptr;
  say(format_scenario_result(result));
  if (command.stats_json) {
    auto json = build_scenario_json(result, command.options);
    json["cut"] = cut_reason != nullptr;
    if (cut_reason) json["cut_reason"] = cut_reason;
    // What each of the scenario's threads did, while it ran (the threads
    // have ended; their histories are kept for timeline_history).
    const auto window = std::min<std::chrono::nanoseconds>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(command.options.duration) + std::chrono::seconds(1),
        timeline_history);
    json["timeline"] = timeline_totals_json(take_timeline(
        window, {}, get_native_id(),
        std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
            .count()));
    try {
      // A signal from here on no longer stops the command: the file goes in (signals.hpp).
      write_json_atomically(*command.stats_json, json, signals::commit_results);
    } catch (const WriteCancelled&) {
      return report_interrupted(info);
    }
    say(fmt::format("threadlab scenario: {} written to {}\n", cut_reason ? "figures so far" : "figures",
                    command.stats_json->string()));
  }
  if (cut_reason) {
    fmt::print(stderr, "threadlab: scenario {} {}: its figures cover the run so far\n", info.name, cut_reason);
    return exit_run_cut;
  }
  return 0;
}

}  // namespace threadlab::app
