#pragma once
// The command line. `threadlab [options]` opens the window; subcommands
// (compare, scenario, bench) have their own Command and options, registered
// in cli.cpp next to the run options. What each asks for is in settings/;
// the words for the Lab's settings ("single", "mandelbrot", "lower") are the
// engine's to_string().

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "process/exit_codes.hpp"
#include "settings/command_settings.hpp"
#include "settings/run_settings.hpp"

namespace threadlab::app {

// Which command the user chose; subcommands add their enumerator here.
enum class Command { run, compare, scenario, bench, step };

struct CommandLine {
  Command command = Command::run;
  RunSettings run;
  CompareSettings compare;  // Command::compare
  ScenarioSettings scenario;  // Command::scenario
  BenchSettings bench;       // Command::bench
  StepSettings step;         // Command::step
};

// Either a command to carry out, or a reason to exit at once: help and
// version (exit 0, text for stdout) or bad usage (exit 2, one line for stderr).
struct CliOutcome {
  std::optional<CommandLine> command_line;
  int exit_code = 0;
  std::string output;  // for stdout
  std::string error;   // one line, "threadlab: ...", for stderr
};

// args excludes the program name. core_count bounds --threads to 1..2x.
// Once every option is good, the outputs are checked by creating what they
// need, so a bad path is refused before anything runs: `compare --out DIR`
// checks that DIR and its parents can be created; every output file (--stats-json, bench
// --json, compare's files) gets its temporary file created and removed
// (atomic_file.hpp's check_writable), which even root cannot do in /proc.
CliOutcome parse_command_line(const std::vector<std::string>& args, int core_count);

// Checks that files can be written in `folder`, or, when it is missing, that
// it can be created (compare creates it, with its parents, only when it has
// results to write). Throws std::runtime_error with one line, no prefix.
void prepare_output_folder(const std::filesystem::path& folder);

// "threadlab 0.1.0"
std::string version_text();

}  // namespace threadlab::app
