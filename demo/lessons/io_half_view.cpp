// The I/O-bound half of the one_core and gil pages: the tutorial's "a
// program remains responsive while one thread waits for input ... on both
// multiprocessor or single processor systems". The CPU-bound figures above
// show the half that needs several cores; these show the half that does not.

#include <fmt/format.h>

#include <string>

#include "scenario_page.hpp"
#include "threadlab/scenarios/figures.hpp"
#include "widgets/format.hpp"
#include "widgets/widgets.hpp"
#include "threadlab/scenarios/figure_names.hpp"

namespace threadlab::ui {

namespace {

constexpr int io_threads = 4;  // as the scenarios measure it (engine/src/scenarios/io_figures.hpp)
constexpr double io_goal = 3.0;

std::string ratio(std::optional<double> value) { return value ? fmt::format("{:.2f}x", *value) : "-"; }

ImVec4 judged(std::optional<double> value) {
  if (!value) return colour_muted();
  return *value >= io_goal ? colour_good() : colour_warning();
}

}  // namespace

void draw_io_half(const ScenarioSnapshot& snapshot) {
  const ScenarioResult& result = snapshot.current;
  const bool gil = result.kind == ScenarioKind::gil;
  if (gil && result.fix) return;  // no GIL, no GIL io figure
  ImGui::Separator();
  text("Computing, above: the half of the tutorial's claim that needs several cores.");
  text("Waiting for input, below: the half that holds on one core and under a GIL too.");
  ImGui::SameLine();
  help_marker(
      "The tutorial: \"Multithreading allows a program to remain responsive while one thread waits for input "
      "and another runs a GUI at the same time. This statement holds true for both multiprocessor or single "
      "processor systems.\"\n\nHere each of 4 threads fetches files from a server on 127.0.0.1 and blocks in "
      "recv() until the bytes arrive: a thread waiting for input needs no core, so the others run meanwhile.");
  if (!gil) {
    label_value("I/O, 1 worker", result.figure(figure::io_ + scenario_figures::seconds(1))
                                     ? format_seconds(*result.figure(figure::io_ + scenario_figures::seconds(1)))
                                     : std::string("-"));
    const std::string many = "io_" + scenario_figures::seconds(io_threads);
    label_value(fmt::format("I/O, {} workers", io_threads),
                result.figure(many) ? format_seconds(*result.figure(many)) : std::string("-"));
    label_value("I/O speedup", ratio(result.figure(figure::io_speedup)), judged(result.figure(figure::io_speedup)),
                "Time for the same 8 files with 1 worker divided by the time with 4, on the same core as the "
                "CPU-bound runs. Near 4: the workers wait at once. Green: at least 3x.");
    return;
  }
  const auto one = result.figure(scenario_figures::throughput_per_s("gil_io", 1));
  const auto several = result.figure(scenario_figures::throughput_per_s("gil_io", io_threads));
  label_value("I/O under the GIL",
              fmt::format("{} with 1 worker, {} with {}", one ? format_rate(*one, "files") : "-",
                          several ? format_rate(*several, "files") : "-", io_threads));
  label_value("GIL I/O scaling", ratio(result.figure(figure::gil_io_scaling)), judged(result.figure(figure::gil_io_scaling)),
              "Files per second with 4 workers divided by 1 worker's. Each holds the GIL only to handle a file "
              "and releases it around the blocking read, as CPython's socket.recv() does. Green: at least 3x.");
}

}  // namespace threadlab::ui
