#include "commands/scenario_command.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>
#include <stdexcept>
#include <stop_token>
#include <string_view>
#include <utility>
#include <vector>

#include "process/signals.hpp"
#include "output/json/scenario_json.hpp"
#include "process/progress_lines.hpp"
#include "output/json/stats_json.hpp"
#include "output/json/timeline_json.hpp"
#include "output/trace/lab_trace.hpp"
#include "output/trace/trace_json.hpp"
#include "threadlab/measurement/cpu_monitor.hpp"

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

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// With --trace, the CPU is sampled as the window's Lab samples it, for the
// trace's per-core and per-thread counters; none without.
std::unique_ptr<CpuMonitor> start_trace_sampler(const ScenarioSettings& command) {
  if (!command.trace) return nullptr;
  const auto history = std::chrono::ceil<std::chrono::seconds>(command.options.duration) + std::chrono::seconds(4);
  auto monitor = std::make_unique<CpuMonitor>(std::chrono::milliseconds(100), history);
  monitor->set_render_tid(get_native_id());
  monitor->start();
  return monitor;
}

// The scenario's threads (their histories kept for timeline_history after
// they end), the CPU samples and the deadlock and lock-order markers.
std::string scenario_trace_text(const ScenarioResult& result, CpuMonitor& cpu_monitor,
                                std::chrono::steady_clock::time_point began) {
  const std::int64_t now = now_ns();
  const auto since = std::chrono::steady_clock::now() - began + std::chrono::milliseconds(200);
  const auto window = std::min<std::chrono::nanoseconds>(since, timeline_history);
  const TimelineSnapshot timeline = take_timeline(window, {}, get_native_id(), now);
  TraceRecorder trace(fmt::format("scenario {}{}", result.name, result.fix ? " --fix" : ""));
  trace.add_timeline(timeline, get_native_id());
  trace.add_cpu_samples(cpu_monitor.samples_since({}));
  mark_scenario_result(result, timeline, trace);
  cpu_monitor.stop_and_join();
  return trace_json_text(trace.take());
}

// The figures (--stats-json) and the trace (--trace), as one set under the
// commit gate: a signal before the renames start replaces neither
// (WriteCancelled), one after lets both in (signals.hpp).
void write_scenario_files(const ScenarioSettings& command, const ScenarioResult& result, CpuMonitor* cpu_monitor,
                          std::chrono::steady_clock::time_point began) {
  std::vector<std::pair<std::filesystem::path, std::vector<std::uint8_t>>> files;
  const auto add = [&files](const std::filesystem::path& file, const std::string& text) {
    files.emplace_back(file, std::vector<std::uint8_t>(text.begin(), text.end()));
  };
  if (command.stats_json) {
    auto json = build_scenario_json(result, command.options);
    // What each of the scenario's threads did, while it ran (the threads
    // have ended; their histories are kept for timeline_history).
    const auto window = std::min<std::chrono::nanoseconds>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(command.options.duration) + std::chrono::seconds(1),
        timeline_history);
    json["timeline"] = timeline_totals_json(take_timeline(window, {}, get_native_id(), now_ns()));
    add(*command.stats_json, json.dump(2) + "\n");
  }
  if (command.trace && cpu_monitor) add(*command.trace, scenario_trace_text(result, *cpu_monitor, began));
  if (files.empty()) return;
  write_files_atomically(files, signals::commit_results);
  if (command.trace) say(fmt::format("threadlab scenario: trace written to {}\n", command.trace->string()));
  if (command.stats_json) {
    say(fmt::format("threadlab scenario: {} written to {}\n", result.cut_reason() ? "figures so far" : "figures",
                    command.stats_json->string()));
  }
}

// The scenario's title, what happens in it, and the fix when it is applied.
void introduce(const ScenarioInfo& info, bool fix) {
  say(fmt::format("{}{}\n{}\n", info.title, fix ? " (with the fix)" : "", info.explanation));
  if (fix) say(fmt::format("The fix: {}\n", info.fix));
}

// The run, with its progress on stdout. SIGINT, SIGTERM, SIGHUP stop it at
// once (its threads joined) instead of at its end: the watcher turns the
// signal into a stop request. nullopt when it cannot run here (said on stderr).
std::optional<ScenarioResult> run_until_signalled(const ScenarioSettings& command, const ScenarioInfo& info) {
  ProgressLines progress_lines(
      [](int percent, const std::string&) { return fmt::format("threadlab scenario: {:3d}%\n", percent); });
  const auto show_progress = [&progress_lines](double progress) { progress_lines.update(progress); };
  std::stop_source stop;
  signals::SignalWatcher watcher([&stop](int) { stop.request_stop(); });
  try {
    return run_scenario(command.kind, command.options, show_progress, stop.get_token(), signals::times_continued);
  } catch (const std::runtime_error& error) {
    fmt::print(stderr, "threadlab: scenario {}: {}\n", info.name, error.what());
    return std::nullopt;
  }
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
  introduce(info, command.options.fix);
  const std::unique_ptr<CpuMonitor> cpu_monitor = start_trace_sampler(command);
  const auto began = std::chrono::steady_clock::now();
  std::optional<ScenarioResult> result = run_until_signalled(command, info);
  if (!result) return 1;
  // A half run is no result: nothing is written under --stats-json.
  if (result->interrupted || signals::close_requested()) return report_interrupted(info);
  say(format_scenario_result(*result));
  try {
    write_scenario_files(command, *result, cpu_monitor.get(), began);
  } catch (const WriteCancelled&) {
    return report_interrupted(info);
  }
  // Cut, or stopped and resumed (the engine says which): the figures are
  // shown and written all the same, and the exit code says so.
  if (const char* cut_reason = result->cut_reason()) {
    fmt::print(stderr, "threadlab: scenario {} {}: its figures cover the run so far\n", info.name, cut_reason);
    return exit_run_cut;
  }
  return 0;
}

}  // namespace threadlab::app
