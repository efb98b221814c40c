#include "commands/run_options.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>

#include "commands/cli_values.hpp"
#include "process/beside_load.hpp"

namespace threadlab::app {
namespace {

// --threads N: 1..2x the cores, and io more (checked again once the workload is known).
void add_threads_option(CLI::App& app, RunSettings& run, int core_count) {
  // io threads mostly wait, so io takes more than the cores.
  const int max_threads = max_workers(WorkloadKind::io, core_count);
  const int cpu_max_threads = max_workers(WorkloadKind::mandelbrot, core_count);
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

// --size WxH, within the window sizes the layout is made for.
void add_size_option(CLI::App& app, RunSettings& run) {
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
}

// --page NAME: the responsiveness page, the Step-through page or a scenario's.
void add_page_option(CLI::App& app, RunSettings& run) {
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
}

void add_screenshot_dir_option(CLI::App& app, RunSettings& run) {
  app.add_option_function<std::string>(
         "--screenshot-dir",
         [&run](const std::string& text) {
           if (text.empty()) reject("--screenshot-dir", "the folder name is empty");
           run.screenshot_dir = std::filesystem::path(text);
         },
         "save screenshots (F12) and comparisons here (default: ~/Pictures/threadlab or "
         "~/.local/share/threadlab/screenshots)")
      ->type_name("DIR");
}

void add_ui_scale_option(CLI::App& app, RunSettings& run) {
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
}

// --stats-json and --trace: the files the session writes as it ends.
void add_session_file_options(CLI::App& app, RunSettings& run) {
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

}  // namespace

// What the Lab runs: --mode, --workload, --priority, --threads.
void add_lab_options(CLI::App& app, RunSettings& run, int core_count) {
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

  add_threads_option(app, run, core_count);
}

// The window and the session: --size, --duration, --page, --screenshot-dir,
// --ui-scale, --stats-json, --trace (in that order in --help).
void add_session_options(CLI::App& app, RunSettings& run) {
  add_size_option(app, run);
  app.add_option_function<std::string>(
         "--duration",
         [&run](const std::string& text) { run.duration_seconds = parse_seconds("--duration", text); },
         "scripted session: run this many seconds, write --stats-json, exit")
      ->type_name("SECONDS");
  add_page_option(app, run);
  add_screenshot_dir_option(app, run);
  add_ui_scale_option(app, run);
  add_session_file_options(app, run);
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

}  // namespace threadlab::app
