#include "commands/cli.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <algorithm>
#include <cstdlib>
#include <sstream>

#include "commands/cli_values.hpp"
#include "commands/step_command.hpp"
#include "output/atomic_file.hpp"
#include "process/beside_load.hpp"

namespace threadlab::app {
namespace {

// What the Lab runs: --mode, --workload, --priority, --threads.
void add_lab_options(CLI::App& app, RunSettings& run, int core_count) {
  // io threads mostly wait, so io takes more than the cores (checked once the workload is known).
  const int max_threads = max_workers(WorkloadKind::io, core_count);
  const int cpu_max_threads = max_workers(WorkloadKind::mandelbrot, core_count);

  add_choice_option(app, "--mode", run.lab.mode, {Mode::single_thread, Mode::multi_thread},
                    "single: the job runs on the render thread and the window freezes; "
                    "multi: worker threads run it (default)");
  add_choice_option(app, "--workload", run.lab.workload,
                    {WorkloadKind::mandelbrot, WorkloadKind::primes, WorkloadKind::io},
                    "the job: mandelbrot and primes compute (CPU-bound); io fetches files from a server on "
                    "127.0.0.1, its threads waiting for input (default: mandelbrot)");
  add_choice_option(app, "--priority", run.lab.priority,
                    {WorkerPriority::paced, WorkerPriority::normal, WorkerPriority::lower, WorkerPriority::idle},
                    "workers' scheduling: paced (normal, resting between items while frames take over 20 ms; "
                    "default); normal; lower (nice +10); idle (SCHED_IDLE: only CPU time the window and the GL "
                    "driver leave)");

  app.add_option_function<std::string>(
         "--threads",
         [&run, max_threads, cpu_max_threads](const std::string& text) {
           auto threads = parse_number<int>(text);
           if (!threads || *threads < 1) reject("--threads", fmt::format("{} is not in 1..{}", text, cpu_max_threads));
           if (*threads > max_threads) {
             reject("--threads", fmt::format("{} is not in 1..{} (io: 1..{})", text, cpu_max_threads, max_threads));
           }
           run.lab.workers = *threads;
         },
         fmt::format("worker threads, 1..{} (io: 1..{}; default: one per core, io: {})", cpu_max_threads,
                     max_threads, default_workers(WorkloadKind::io, core_count)))
      ->type_name("N");
}

// The window and the session: --size, --duration, --page, --screenshot-dir, --stats-json.
void add_session_options(CLI::App& app, RunSettings& run) {
  app.add_option_function<std::string>(
         "--size",
         [&run](const std::string& text) {
           auto size = parse_window_size(text);
           if (!size) reject("--size", fmt::format("{} is not WIDTHxHEIGHT, e.g. 1600x900", text));
           if (size->width < smallest_window.width || size->height < smallest_window.height ||
               size->width > largest_window.width || size->height > largest_window.height) {
             reject("--size", fmt::format("{} is outside {}x{}..{}x{}", text, smallest_window.width,
                                          smallest_window.height, largest_window.width,
                                          largest_window.height));
           }
           run.window = *size;
         },
         "window size in pixels (default: 1600x900)")
      ->type_name("WxH");

  app.add_option_function<std::string>(
         "--duration",
         [&run](const std::string& text) { run.duration_seconds = parse_seconds("--duration", text); },
         "scripted session: run this many seconds, write --stats-json, exit")
      ->type_name("SECONDS");

  app.add_option_function<std::string>(
         "--page",
         [&run](const std::string& text) {
           if (text == "responsiveness" || text == "step") {
             run.scenario_page.reset();
             run.step_page = text == "step";
             return;
           }
           const auto kind = scenario_from_name(text);
           if (!kind) reject("--page", fmt::format("{} is not one of responsiveness, step, {}", text, scenario_names()));
           run.scenario_page = *kind;
           run.step_page = false;
         },
         fmt::format("open on this page: responsiveness (default), step (you are the scheduler), or a scenario: {}",
                     scenario_names()))
      ->type_name("NAME");

  app.add_option_function<std::string>(
         "--screenshot-dir",
         [&run](const std::string& text) {
           if (text.empty()) reject("--screenshot-dir", "the folder name is empty");
           run.screenshot_dir = std::filesystem::path(text);
         },
         "save screenshots (F12) and comparisons here (default: ~/Pictures/threadlab or "
         "~/.local/share/threadlab/screenshots)")
      ->type_name("DIR");

  app.add_option_function<std::string>(
         "--ui-scale",
         [&run](const std::string& text) {
           char* end = nullptr;
           const double scale = std::strtod(text.c_str(), &end);
           if (text.empty() || end != text.c_str() + text.size() || !(scale >= smallest_ui_scale) ||
               !(scale <= largest_ui_scale)) {
             reject("--ui-scale", fmt::format("{} is not a number from {} to {}", text, smallest_ui_scale,
                                              largest_ui_scale));
           }
           run.ui_scale = static_cast<float>(scale);
         },
         "draw the UI this many times larger (a projector, a HiDPI screen); default: the display's scale")
      ->type_name("S");

  app.add_option_function<std::string>(
         "--stats-json",
         [&run](const std::string& text) {
           std::filesystem::path file(text);
           check_output_file_path(file);
           run.stats_json = file;
         },
         "write the session's figures to FILE (JSON) when it ends")
      ->type_name("FILE");

  app.add_option_function<std::string>(
         "--trace",
         [&run](const std::string& text) {
           std::filesystem::path file(text);
           check_output_file_path(file, "--trace");
           run.trace = file;
         },
         "write what every thread did to FILE as Chrome Trace Event JSON when the session ends "
         "(open it in ui.perfetto.dev or chrome://tracing)")
      ->type_name("FILE");
}

// --beside N, for compare and bench: a busy machine, reproducibly.
void add_beside_option(CLI::App& command, int& beside) {
  command
      .add_option_function<std::string>(
          "--beside",
          [&beside](const std::string& text) {
            const auto count = parse_number<int>(text);
            if (!count || *count < 0 || *count > max_beside_processes) {
              reject("--beside", fmt::format("{} is not in 0..{}", text, max_beside_processes));
            }
            beside = *count;
          },
          "run N CPU-bound processes (busy loops, nice 0) beside the measured run, as a busy machine has "
          "(default: 0)")
      ->type_name("N");
}

void add_compare_command(CLI::App& app, CommandLine& line) {
  CLI::App* compare = app.add_subcommand(
      "compare",
      "run the same scripted job in single- then multi-thread mode and write single.png, multi.png, "
      "side_by_side.png, filmstrip.png, report.json, report.md, single.trace.json and multi.trace.json (Perfetto) into --out");
  compare->add_option_function<std::string>(
             "--out",
             [&line](const std::string& text) {
               std::filesystem::path folder(text);
               check_output_folder_option(folder);
               line.compare.out = folder;
             },
             "folder for the eight files; created, with its parents, when missing")
      ->type_name("DIR")
      ->required();
  compare->add_option_function<std::string>(
             "--duration",
             [&line](const std::string& text) {
               line.compare.duration_seconds = parse_seconds("--duration", text);
             },
             "seconds each mode runs (default: 4)")
      ->type_name("SECONDS");
  add_beside_option(*compare, line.compare.beside);
  // The run options (--workload, --threads, --size) may follow "compare".
  compare->fallthrough();
  compare->callback([&line] { line.command = Command::compare; });
}

void add_scenario_command(CLI::App& app, CommandLine& line) {
  CLI::App* scenario = app.add_subcommand(
      "scenario", fmt::format("run one of the tutorial's costs of threads, without a window, and report what "
                              "happened: {}",
                              scenario_names()));
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
  scenario->callback([&line] { line.command = Command::scenario; });
}

void add_bench_command(CLI::App& app, CommandLine& line) {
  CLI::App* bench = app.add_subcommand(
      "bench",
      "the macro benchmark: the real window idle, then in single- and multi-thread mode on the same "
      "Mandelbrot job, then the job's speedup at 1..N workers; prints one table");
  bench
      ->add_option_function<std::string>(
          "--json",
          [&line](const std::string& text) {
            check_output_file_path(text, "--json");
            line.bench.json = std::filesystem::path(text);
          },
          "also write the figures here")
      ->type_name("FILE");
  bench
      ->add_option_function<std::string>(
          "--phase-seconds",
          [&line](const std::string& text) { line.bench.phase_seconds = parse_seconds("--phase-seconds", text); },
          "seconds of each window phase (default: 5)")
      ->type_name("SECONDS");
  bench
      ->add_option_function<std::string>(
          "--soak-minutes",
          [&line](const std::string& text) { line.bench.soak_minutes = parse_positive("--soak-minutes", text, "minutes", max_duration_seconds / 60); },
          "then toggle the mode every second for this long and report resident memory (default: no soak)")
      ->type_name("MINUTES");
  add_beside_option(*bench, line.bench.beside);
  // The run options (--size...) may follow "bench".
  bench->fallthrough();
  bench->callback([&line] { line.command = Command::bench; });
}

// compare runs both modes, on the opening job, for its own --duration, and
// writes into --out: an option it would not honour is refused, not dropped.
void refuse_what_compare_ignores(const CLI::App& app) {
  struct Ignored {
    const char* option;
    const char* why;
  };
  for (const auto& [option, why] :
       {Ignored{"--mode", "it runs both modes"}, Ignored{"--page", "it runs the responsiveness page's job"},
        Ignored{"--stats-json", "its figures go to report.json in --out"},
        Ignored{"--duration", "give its own after it: compare --out DIR --duration S"}}) {
    if (app.get_option(option)->count() > 0) {
      throw std::runtime_error(fmt::format("compare does not take {} ({})", option, why));
    }
  }
}

// The checks that touch the file system, once the command line is whole.
void prepare_outputs(const CommandLine& line) {
  auto check_file = [](const char* option, const std::optional<std::filesystem::path>& file) {
    if (!file) return;
    try {
      check_writable(*file);
    } catch (const std::runtime_error& error) {
      throw std::runtime_error(fmt::format("{}: {}", option, error.what()));
    }
  };
  // F12 saves there in every command that opens the window: a folder that
  // cannot take a file is refused now, not at the first screenshot.
  if (line.run.screenshot_dir && line.command != Command::scenario) {
    try {
      prepare_output_folder(*line.run.screenshot_dir);
    } catch (const std::runtime_error& error) {
      throw std::runtime_error(fmt::format("--screenshot-dir: {}", error.what()));
    }
  }
  switch (line.command) {
    case Command::run:
      check_file("--stats-json", line.run.stats_json);
      check_file("--trace", line.run.trace);
      break;
    case Command::scenario:
      check_file("--stats-json", line.scenario.stats_json);
      check_file("--trace", line.scenario.trace);
      break;
    case Command::bench: check_file("--json", line.bench.json); break;
    case Command::step: check_file("--stats-json", line.step.stats_json); break;
    case Command::compare:
      try {
        prepare_output_folder(line.compare.out);
      } catch (const std::runtime_error& error) {
        throw std::runtime_error(fmt::format("--out: {}", error.what()));
      }
      break;
  }
}

}  // namespace

void prepare_output_folder(const std::filesystem::path& folder) {
  namespace fs = std::filesystem;
  std::error_code error;
  const fs::file_status status = fs::status(folder, error);
  if (fs::exists(status)) {
    if (!fs::is_directory(status)) throw std::runtime_error(fmt::format("{} is not a directory", folder.string()));
    // The report is one of the six files: if its temporary file can be made, so can the others'.
    check_writable(folder / "report.json");
    return;
  }
  // Missing: it is created only when there are results to write, so a run
  // that fails or is stopped leaves no folder behind. Whether it can be is
  // tried now, with a folder made and removed where the first missing one goes.
  fs::path existing = fs::absolute(folder, error).lexically_normal();
  while (existing.has_relative_path() && !fs::exists(existing, error)) existing = existing.parent_path();
  const fs::path probe = existing / fmt::format(".threadlab-probe-{}", ::getpid());
  if (::mkdir(probe.c_str(), 0700) != 0) {
    throw std::runtime_error(fmt::format("cannot create folder {}: {}", folder.string(), std::strerror(errno)));
  }
  ::rmdir(probe.c_str());
}

std::string version_text() { return fmt::format("threadlab {}", THREADLAB_VERSION); }

CliOutcome parse_command_line(const std::vector<std::string>& args, int core_count) {
  CommandLine line;
  CLI::App app{"ThreadLab: why threads keep a GUI responsive, shown and measured.", "threadlab"};
  app.set_version_flag("--version", version_text());
  app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  add_lab_options(app, line.run, core_count);
  add_session_options(app, line.run);
  // Subcommands register here, each with its own add_<name>_command(app, line)
  // that sets line.command when it is chosen; the run options stay global.
  add_compare_command(app, line);
  add_scenario_command(app, line);
  add_bench_command(app, line);
  add_step_command(app, line);
  app.require_subcommand(0, 1);

  std::vector<const char*> argv{"threadlab"};
  for (const auto& arg : args) argv.push_back(arg.c_str());

  CliOutcome outcome;
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::Success& success) {  // --help, --version
    std::ostringstream out, err;
    outcome.exit_code = app.exit(success, out, err);
    outcome.output = out.str();
    return outcome;
  } catch (const CLI::ParseError& error) {
    outcome.exit_code = exit_bad_usage;
    std::string message = error.what();
    // CLI11's words for "--fix=3" ("fix was given a disallowed flag override").
    if (message.find("disallowed flag override") != std::string::npos) {
      message = fmt::format("--{}: takes no value (it is a flag)", message.substr(0, message.find(' ')));
    }
    std::replace(message.begin(), message.end(), '\n', ' ');  // stderr gets exactly one line
    outcome.error = fmt::format("threadlab: {}", message);
    return outcome;
  }
  const int cpu_max_threads = max_workers(line.run.lab.workload, core_count);
  if (line.run.lab.workers > cpu_max_threads) {
    outcome.exit_code = exit_bad_usage;
    outcome.error = fmt::format("threadlab: --threads: {} is not in 1..{}", line.run.lab.workers, cpu_max_threads);
    return outcome;
  }
  try {
    if (line.command == Command::compare) refuse_what_compare_ignores(app);
    prepare_outputs(line);
  } catch (const std::runtime_error& error) {
    outcome.exit_code = exit_bad_usage;
    std::string message = error.what();
    std::replace(message.begin(), message.end(), '\n', ' ');
    outcome.error = fmt::format("threadlab: {}", message);
    return outcome;
  }
  outcome.command_line = std::move(line);
  return outcome;
}

}  // namespace threadlab::app
