#pragma once
// What `threadlab [options]` asks for: the window, the Lab's settings and
// whether the session is scripted. Filled in by the command line
// (commands/cli.hpp), read by the window and every command.

#include <filesystem>
#include <optional>

#include "threadlab/lab/lab.hpp"
#include "threadlab/scenarios/scenario.hpp"

namespace threadlab::app {

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

struct RunSettings {
  LabSettings lab;     // mode, workload, workers (0: one per core), priority
  WindowSize window;   // the window; the Mandelbrot image size is lab.image_*
  std::optional<double> duration_seconds;          // scripted session; none: until closed
  std::optional<std::filesystem::path> stats_json;  // written when the session ends
  std::optional<std::filesystem::path> trace;       // Chrome Trace Event JSON, written when the session ends
  std::optional<std::filesystem::path> screenshot_dir;  // none: the default folder (output/screenshot.hpp)
  std::optional<ScenarioKind> scenario_page;  // --page: opens on this scenario's page
  std::optional<float> ui_scale;  // --ui-scale: instead of the display's content scale
  bool step_page = false;                     // --page step: opens on the Step-through page
};
inline constexpr float smallest_ui_scale = 0.5f, largest_ui_scale = 4.0f;

}  // namespace threadlab::app
