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
#include "commands/run_options.hpp"
#include "commands/subcommand_options.hpp"
#include "commands/step_command.hpp"
#include "output/atomic_file.hpp"
#include "process/beside_load.hpp"

namespace threadlab::app {
namespace {

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
