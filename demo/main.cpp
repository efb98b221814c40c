// threadlab: the desktop window. Parses the command line, opens the window
// and runs the render loop; a scripted session (--duration) then writes its
// figures (--stats-json) and exits.

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <chrono>
#include <exception>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "window/app.hpp"
#include "commands/bench/bench_command.hpp"
#include "commands/cli.hpp"
#include "commands/compare_command.hpp"
#include "output/pictures/screenshot.hpp"
#include "window/session.hpp"
#include "commands/scenario_command.hpp"
#include "process/beside_load.hpp"
#include "commands/step_command.hpp"
#include "process/progress_lines.hpp"
#include "process/signals.hpp"
#include "output/json/comparison_report.hpp"
#include "output/json/stats_json.hpp"
#include "output/trace/trace_json.hpp"
#include "drawing/texture.hpp"
#include "threadlab/lab/lab.hpp"
#include "threadlab/measurement/machine.hpp"
#include "window/window.hpp"

namespace {

using namespace threadlab;
using namespace threadlab::app;

// Prints one line per tenth of a comparison, so a terminal (or a log) shows the progress.
CompareProgress progress_lines() {
  auto lines = std::make_shared<ProgressLines>([](int percent, const std::string& stage) {
    return fmt::format("threadlab compare: {:3d}% {}\n", percent, stage);
  });
  return [lines](double fraction, const char* stage) { lines->update(fraction, stage); };
}

// The Compare button: the session ended to let the comparison have the
// window; it runs here, then the session starts again where it was.
std::string compare_from_window(Window& window, const SessionPlan& plan) {
  const auto screenshots = plan.screenshot_dir ? *plan.screenshot_dir : default_screenshot_dir();
  const auto folder = screenshots / fmt::format("compare-{}", file_timestamp(std::chrono::system_clock::now()));
  try {
    std::filesystem::create_directories(folder);
    run_comparison(window, plan, compare_seconds, folder, progress_lines());
    signals::print_stdout(fmt::format("threadlab: comparison written to {}\n", folder.string()));
    return fmt::format("Comparison written to {}", folder.string());
  } catch (const SessionInterrupted&) {
    throw;
  } catch (const std::exception& error) {
    fmt::print(stderr, "threadlab: comparison: {}\n", error.what());
    return fmt::format("Comparison failed: {}", error.what());
  }
}

int run_window(const RunSettings& settings) {
  Window window(settings.window, "ThreadLab");
  if (settings.ui_scale) window.set_ui_scale(*settings.ui_scale);
  // One trace for the whole window, across the sessions a comparison splits it into.
  // Without --trace it keeps only what Save trace writes.
  TraceRecorder trace(fmt::format("the window, {} mode, {}",
                                  settings.lab.mode == Mode::single_thread ? "single-thread" : "multi-thread",
                                  to_string(settings.lab.workload)),
                      default_trace_budget_bytes,
                      settings.trace ? std::nullopt : std::optional<std::chrono::nanoseconds>(saved_trace_span));
  SessionPlan first = plan_of(settings);
  first.trace = &trace;
  const auto started = std::chrono::steady_clock::now();
  SessionResult result = run_session(window, first);
  while (result.end == SessionEnd::comparison_requested) {
    std::string outcome;
    try {
      outcome = compare_from_window(window, plan_resuming(first, result, 0));
    } catch (const SessionInterrupted&) {
      break;  // the window was closed during the comparison
    }
    // The comparison's files are in; a signal that came while they were
    // renamed ends the window now.
    signals::release_held_signal();
    // A scripted session's --duration counts the comparison too.
    SessionPlan next =
        plan_resuming(first, result, std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    next.toast = std::move(outcome);
    next.trace = &trace;
    result = run_session(window, next);
  }
  if (settings.trace) {
    write_trace_file(*settings.trace, trace.take());
    signals::print_stdout(fmt::format("threadlab: trace written to {}\n", settings.trace->string()));
  }
  if (settings.stats_json) {
    // Ended by SIGINT/SIGTERM/SIGHUP: like every command, nothing written,
    // and main exits 130/143/129 (the close button ends it normally).
    if (signals::close_requested()) {
      fmt::print(stderr, "threadlab: interrupted by {}; no figures written to {}\n",
                 signals::signal_name(signals::first_signal()), settings.stats_json->string());
      return 1;
    }
    auto json = build_stats_json(result.last_snapshot, result.facts);
    json["interrupted"] = false;  // a signal writes no figures at all
    write_json_atomically(*settings.stats_json, json, signals::commit_results);
  }
  return 0;
}

int run_compare(const RunSettings& settings, const CompareSettings& compare) {
  // Forked before the window and its threads exist.
  const BesideLoad beside(compare.beside);
  if (beside.count() > 0) {
    signals::print_stdout(fmt::format("threadlab compare: {} CPU-bound process{} beside the runs\n", beside.count(),
                                      beside.count() == 1 ? "" : "es"));
  }
  Window window(settings.window, "ThreadLab: comparing modes");
  if (compare.duration_seconds < min_claim_duration_s) {
    signals::print_stdout(fmt::format("threadlab compare: runs under {:.0f} s: the claims will not be judged\n",
                                      min_claim_duration_s));
  }
  run_comparison(window, plan_of(settings), compare.duration_seconds, compare.out, progress_lines(), beside.count());
  signals::print_stdout(fmt::format("threadlab compare: wrote single.png, multi.png, side_by_side.png, filmstrip.png, "
                                    "report.json, report.md, single.trace.json, multi.trace.json to {}\n", compare.out.string()));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + std::min(argc, 1), argv + argc);
  const CliOutcome outcome = parse_command_line(args, core_count());
  if (!outcome.command_line) {
    std::fputs(outcome.output.c_str(), stdout);
    if (!outcome.error.empty()) fmt::print(stderr, "{}\n", outcome.error);
    return outcome.exit_code;
  }

  // SIGINT, SIGTERM, SIGHUP end every command early (its threads joined);
  // SIGPIPE and SIGXFSZ become errors the code reports (process/signals.hpp).
  signals::install();
  int code = 0;
  try {
    switch (outcome.command_line->command) {
      case Command::run: code = run_window(outcome.command_line->run); break;
      case Command::compare:
        code = run_compare(outcome.command_line->run, outcome.command_line->compare);
        break;
      case Command::scenario: code = run_scenario_command(outcome.command_line->scenario); break;
      case Command::bench: code = run_bench(outcome.command_line->run, outcome.command_line->bench); break;
      case Command::step: code = run_step_command(outcome.command_line->step); break;
    }
  } catch (const SessionInterrupted& error) {
    // Closed or signalled before the run was over: nothing is written, and
    // the exit code below says which signal (or 1 for the close button).
    fmt::print(stderr, "threadlab: {}\n", error.what());
    code = 1;
  } catch (const WindowError& error) {
    fmt::print(stderr, "{}\n", error.what());
    code = exit_bad_usage;
  } catch (const std::exception& error) {
    fmt::print(stderr, "threadlab: {}\n", error.what());
    code = 1;
  }
  // A command cut short by a signal is never reported as a success, nor as
  // its own failure: shells expect 128 + the signal (130, 143, 129).
  if (const int interrupted = signals::interrupted_exit_code(); interrupted != 0) return interrupted;
  return code;
}
