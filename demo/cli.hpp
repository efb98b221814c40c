#pragma once
// The command line. `threadlab [options]` opens the window; subcommands
// (compare, scenario, bench) join later as their own Command and options,
// registered in cli.cpp next to the run options.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "threadlab/lab.hpp"
#include "threadlab/scenario.hpp"

namespace threadlab::app {

inline constexpr int exit_bad_usage = 2;  // bad flags, no display, no OpenGL 3.3

// The longest --duration, --phase-seconds (and --soak-minutes) accepted: a
// week. Far inside what the steady clock's nanoseconds hold (292 years), so
// "now + duration" can never overflow into a session that ends at once.
inline constexpr double max_duration_seconds = 7 * 24 * 3600.0;

struct WindowSize {
  int width = 1600;
  int height = 900;
  friend bool operator==(const WindowSize&, const WindowSize&) = default;
};
inline constexpr WindowSize smallest_window{640, 480};
inline constexpr WindowSize largest_window{7680, 4320};

// What `threadlab [options]` asks for.
struct RunSettings {
  LabSettings lab;     // mode, workload, workers (0: one per core), priority
  WindowSize window;   // the window; the Mandelbrot image size is lab.image_*
  std::optional<double> duration_seconds;          // scripted session; none: until closed
  std::optional<std::filesystem::path> stats_json;  // written when the session ends
  std::optional<std::filesystem::path> screenshot_dir;  // none: the default folder (screenshot.hpp)
  std::optional<ScenarioKind> scenario_page;  // --page: opens on this scenario's page
};

// What `threadlab compare --out DIR` asks for; the run options (--workload,
// --threads, --size...) apply to both modes.
struct CompareSettings {
  std::filesystem::path out;
  double duration_seconds = 4.0;  // each mode
};

inline constexpr int max_scenario_threads = 64;

// What `threadlab scenario NAME` asks for: one scripted run of a scenario
// (threadlab/scenario.hpp), no window.
struct ScenarioCommand {
  ScenarioKind kind = ScenarioKind::race;
  ScenarioOptions options;
  std::optional<std::filesystem::path> stats_json;
};

// What `threadlab bench` asks for; --size (a run option) sets the window.
struct BenchSettings {
  double phase_seconds = 5.0;  // each of idle, single-thread and multi-thread
  double soak_minutes = 0;     // 0: no memory soak
  std::optional<std::filesystem::path> json;
};

// Which command the user chose; subcommands add their enumerator here.
enum class Command { run, compare, scenario, bench };

struct CommandLine {
  Command command = Command::run;
  RunSettings run;
  CompareSettings compare;  // Command::compare
  ScenarioCommand scenario;  // Command::scenario
  BenchSettings bench;       // Command::bench
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
// creates DIR and its parents; every output file (--stats-json, bench
// --json, compare's files) gets its temporary file created and removed
// (atomic_file.hpp's check_writable), which even root cannot do in /proc.
CliOutcome parse_command_line(const std::vector<std::string>& args, int core_count);

// Creates `folder` (and its parents) when missing and checks that files can
// be written in it. Throws std::runtime_error with one line, no prefix.
void prepare_output_folder(const std::filesystem::path& folder);

// The command line's words for the Lab's settings ("single", "mandelbrot",
// "lower"), also used by the stats JSON so a run can be repeated from it.
const char* cli_word(Mode mode);
const char* cli_word(WorkloadKind workload);
const char* cli_word(WorkerPriority priority);

// "threadlab 0.1.0"
std::string version_text();

}  // namespace threadlab::app
