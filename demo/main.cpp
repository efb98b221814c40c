// threadlab: the desktop window. Parses the command line, opens the window
// and runs the render loop; a scripted session (--duration) then writes its
// figures (--stats-json) and exits.

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <exception>
#include <string>
#include <thread>
#include <vector>

#include "app.hpp"
#include "bench_session.hpp"
#include "cli.hpp"
#include "compare_session.hpp"
#include "scenario_command.hpp"
#include "signals.hpp"
#include "stats_json.hpp"
#include "texture.hpp"
#include "threadlab/lab.hpp"
#include "window.hpp"

namespace {

using namespace threadlab;
using namespace threadlab::app;

int run_window(const RunSettings& settings) {
  Window window(settings.window, "ThreadLab");
  MandelbrotTexture texture(settings.lab.image_width, settings.lab.image_height);
  SessionResult result;
  {
    // Destroyed (job cancelled, every thread joined) before the window and
    // GLFW go: the probe's wake calls into GLFW.
    Lab lab(settings.lab, &Window::wake);
    // The job (or the scenario) starts at once, so the window looks alive on launch.
    if (settings.scenario_page) {
      lab.start_scenario(*settings.scenario_page, false);
    } else {
      lab.start_job();
    }
    App app(window, lab, texture, settings);
    result = app.run();
  }
  if (settings.stats_json) {
    auto json = build_stats_json(result.last_snapshot, result.facts);
    // Closed by SIGINT/SIGTERM/SIGHUP: the figures are whole for the time it
    // ran, and say that it was cut short (main then exits 130/143/129).
    json["interrupted"] = signals::close_requested();
    write_json_atomically(*settings.stats_json, json);
  }
  return 0;
}

int run_compare(const RunSettings& settings, const CompareSettings& compare) {
  Window window(settings.window, "ThreadLab: comparing modes");
  run_comparison(window, settings, compare.duration_seconds, compare.out, [](double fraction, const char* stage) {
    // One line per tenth, so a terminal (or a log) shows the progress.
    static int last_tenth = -1;
    const int tenth = static_cast<int>(fraction * 10);
    if (tenth == last_tenth) return;
    last_tenth = tenth;
    signals::print_stdout(fmt::format("threadlab compare: {:3.0f}% {}\n", fraction * 100, stage));
  });
  // Interrupted: main returns 128 + the signal; no "wrote" for a cut run.
  if (signals::close_requested()) return signals::interrupted_exit_code();
  signals::print_stdout(fmt::format("threadlab compare: wrote single.png, multi.png, side_by_side.png, filmstrip.png, "
                                    "report.json, report.md to {}\n", compare.out.string()));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + std::min(argc, 1), argv + argc);
  const int cores = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  const CliOutcome outcome = parse_command_line(args, cores);
  if (!outcome.command_line) {
    std::fputs(outcome.output.c_str(), stdout);
    if (!outcome.error.empty()) fmt::print(stderr, "{}\n", outcome.error);
    return outcome.exit_code;
  }

  // SIGINT, SIGTERM, SIGHUP end every command early (its threads joined);
  // SIGPIPE and SIGXFSZ become errors the code reports (signals.hpp).
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
    }
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
