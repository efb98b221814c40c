// `threadlab compare`'s options: --out, its own --duration, --beside.
#include "commands/subcommand_options.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "commands/cli_values.hpp"
#include "commands/run_options.hpp"

namespace threadlab::app {

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

}  // namespace threadlab::app
