// `threadlab bench`'s options: --json, --phase-seconds, --soak-minutes, --beside.
#include "commands/subcommand_options.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "commands/cli_values.hpp"
#include "commands/run_options.hpp"

namespace threadlab::app {

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

}  // namespace threadlab::app
