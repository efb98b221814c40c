#include "commands/bench/bench_command.hpp"

#include <fmt/format.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "commands/bench/bench_json.hpp"
#include "commands/bench/bench_lines.hpp"
#include "commands/bench/bench_phases.hpp"
#include "commands/bench/bench_soak.hpp"
#include "commands/bench/bench_speedup.hpp"
#include "commands/bench/bench_table.hpp"
#include "output/json/stats_json.hpp"
#include "process/signals.hpp"
#include "process/beside_load.hpp"
#include "threadlab/measurement/machine.hpp"
#include "threadlab/workloads/mandelbrot.hpp"
#include "window/progress_overlay.hpp"
#include "window/session.hpp"
#include "window/window.hpp"

namespace threadlab::app {

namespace {

// Mean core load of other processes (Xvfb included) in a phase above which
// the machine is taken to be busy with something else.
constexpr double busy_machine_load = 25.0;

// The four window phases in turn; nullopt when the window is closed first.
std::optional<BenchPhases> run_window_phases(Window& window, const RunSettings& settings, const BenchSettings& bench,
                                             ProgressOverlay& overlay) {
  const struct {
    const char* name;
    const char* stage;
    Mode mode;
    bool with_job;
  } plan[] = {{"idle", "idle window, no job", Mode::multi_thread, false},
              {"multi", "multi-thread mode, job running", Mode::multi_thread, true},
              {"recording", "multi-thread mode, recorded as the comparison does", Mode::multi_thread, true},
              {"single", "single-thread mode, same job", Mode::single_thread, true}};
  std::vector<Phase> phases;
  for (const auto& step : plan) {
    if (window.should_close()) return std::nullopt;
    say(fmt::format("{} ({:g} s)...", step.stage, bench.phase_seconds));
    overlay.stage = step.stage;
    if (std::string_view(step.name) == "recording") {
      try {
        phases.push_back(run_recording_phase(window, settings, bench.phase_seconds, overlay));
      } catch (const SessionInterrupted&) {
        return std::nullopt;
      }
    } else {
      phases.push_back(run_phase(window, settings, step.name, step.mode, step.with_job, bench.phase_seconds, overlay));
    }
    const ModeFigures& f = phases.back().figures;
    say(fmt::format("{}: {} frames, p99 {:.1f} ms, longest {:.0f} ms; probe p99 {:.1f} ms; cores {}", step.name,
                    f.frames.count, f.frames.p99_ms, f.longest_freeze_ms, f.probe.p99_ms,
                    loads_text(f.mean_core_load_percent)));
  }
  return BenchPhases{std::move(phases[0]), std::move(phases[1]), std::move(phases[2]), std::move(phases[3]), {}};
}

void warn_about_other_processes(const BenchPhases& phases, int cores) {
  for (const Phase* phase : {&phases.idle, &phases.multi, &phases.recording, &phases.single}) {
    const double others_load = load_of_other_processes(phase->figures, cores);
    if (others_load > busy_machine_load) {
      say(fmt::format("WARNING: other processes kept the cores {:.0f} % busy during the {} phase: its timings "
                      "measure them too",
                      others_load, phase->name));
    }
  }
}

// ", with 2 CPU-bound processes beside it" (--beside), or nothing.
std::string beside_text(int beside) {
  if (beside == 0) return {};
  return fmt::format(", with {} CPU-bound process{} beside it", beside, beside == 1 ? "" : "es");
}

int no_figures() {
  say("window closed: no figures");
  return 1;
}

// The machine as the run starts; the window's renderer comes once it is open.
BenchMachine machine_at_start(int beside) {
  const MachineFacts facts = current_machine();
  BenchMachine machine;
  machine.cpu_model = facts.cpu_model;
  machine.cores = facts.cores;
  machine.load_at_start = load_averages();
  machine.date = utc_date_text(std::chrono::system_clock::now());
  machine.beside = beside;
  return machine;
}

// The bare window, then the four phases; nullopt when the window is closed first.
std::optional<BenchPhases> run_phases(Window& window, const RunSettings& settings, const BenchSettings& bench,
                                      ProgressOverlay& overlay) {
  warm_up(window, settings, overlay);
  say(fmt::format("bare window: clear and swap only ({:g} s)...", bench.phase_seconds));
  const BareWindowFigures bare = measure_bare_window(window, bench.phase_seconds);
  say(fmt::format("bare window: {} frames, {:.1f} ms of CPU per frame", bare.frames, bare.cpu_ms_per_frame));
  std::optional<BenchPhases> phases = run_window_phases(window, settings, bench, overlay);
  if (phases) phases->bare = bare;
  return phases;
}

// The speedup of `view`'s job at 1..2x the cores; nullopt when the window is closed first.
std::optional<std::vector<SpeedupPoint>> run_speedup(Window& window, const RunSettings& settings,
                                                     const MandelbrotView& view, int cores) {
  say(fmt::format("speedup: one {}x{} Mandelbrot job at 1..{} and {} workers, best of {}, window not drawing...",
                  settings.lab.image_width, settings.lab.image_height, cores, 2 * cores, speedup_repetitions));
  return measure_speedup(view, settings.lab.image_width, settings.lab.image_height, cores, [&window] {
    window.poll_events();
    return !window.should_close();
  });
}

// The figures of a whole run: the JSON (--json), then the table on stdout.
struct BenchFigures {
  BenchPhases phases;
  std::vector<SpeedupPoint> speedup;
  MandelbrotView view;
  std::optional<SoakFigures> soak;
};

int report(const BenchMachine& machine, const RunSettings& settings, const BenchSettings& bench,
           const BenchFigures& figures) {
  const std::vector<Row> rows = build_rows(figures.phases, figures.speedup, machine.cores, settings.window, figures.soak);
  const std::string heading =
      fmt::format("threadlab bench, {}: {} ({} cores), window {}x{}, {}, load average {:.2f} -> {:.2f}{}",
                  machine.date, machine.cpu_model, machine.cores, settings.window.width, settings.window.height,
                  machine.gl_renderer, machine.load_at_start[0], machine.load_at_end[0], beside_text(machine.beside));
  // The JSON first: a closed stdout must not cost the file.
  if (bench.json) {
    // Throws WriteCancelled on a signal that came first: no file, no table (main exits 128 + n).
    write_json_atomically(*bench.json,
                          build_bench_json(machine, settings, bench, figures.phases, figures.speedup, figures.view,
                                           figures.soak, rows),
                          signals::commit_results);
  }
  signals::print_stdout(table_text(rows, heading));
  if (bench.json) say(fmt::format("wrote {}", bench.json->string()));
  return 0;
}

}  // namespace

int run_bench(const RunSettings& settings, const BenchSettings& bench) {
  // Forked before the window and its threads exist.
  const BesideLoad beside(bench.beside);
  BenchMachine machine = machine_at_start(beside.count());
  Window window(settings.window, "ThreadLab: benchmark");
  machine.gl_renderer = window.gl_renderer();
  machine.gl_version = window.gl_version();
  say(fmt::format("{} ({} cores), {}, window {}x{}, load average {:.2f}{}", machine.cpu_model, machine.cores,
                  machine.gl_renderer, settings.window.width, settings.window.height, machine.load_at_start[0],
                  beside_text(machine.beside)));

  ProgressOverlay overlay{"Benchmark", "", 0};
  std::optional<BenchPhases> phases = run_phases(window, settings, bench, overlay);
  if (!phases) return no_figures();
  // The speedup job: the one the window opens with.
  const MandelbrotView view = opening_view(settings.lab.image_width, settings.lab.image_height);
  auto speedup = run_speedup(window, settings, view, machine.cores);
  if (!speedup) return no_figures();
  std::optional<SoakFigures> soak;
  if (bench.soak_minutes > 0 && !window.should_close()) {
    overlay.stage = "memory soak: mode toggled every second";
    soak = run_soak(window, settings, bench.soak_minutes, overlay);
  }
  // Closed (or signalled) during the last phase or the soak: a cut run is no result.
  if (window.should_close()) return no_figures();
  machine.load_at_end = load_averages();
  warn_about_other_processes(*phases, machine.cores);
  return report(machine, settings, bench, {std::move(*phases), std::move(*speedup), view, std::move(soak)});
}

}  // namespace threadlab::app
