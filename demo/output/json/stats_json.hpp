#pragma once
// The figures of a session as JSON (`threadlab --stats-json FILE`), built from
// the Lab's last snapshot (its means and totals cover the whole session) plus
// what only the app knows, so the e2e tests can compare runs and the building
// itself is unit-tested.

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <vector>
#include <string>

#include "output/atomic_file.hpp"
#include "threadlab/lab/lab.hpp"

namespace threadlab::app {

// Where things were on screen at the end of the session, in window pixels.
struct LayoutRect {
  std::string name;
  int x = 0, y = 0, w = 0, h = 0;
};
struct WindowLayout {
  int width = 0, height = 0;
  double ui_scale = 1.0;
  std::vector<LayoutRect> panels;  // the panels drawn in the last frame
  LayoutRect view;                 // the view's picture (the Mandelbrot image as drawn)
};

struct SessionFacts {
  std::string version = THREADLAB_VERSION;
  double duration_s = 0;  // wall time from the first frame to the end of the last
  std::optional<WindowLayout> layout;  // a window session's; none for scripted commands
};

// "layout": {"window": [w, h], "ui_scale": s, "panels": [{"name", "x", "y", "w", "h"}, ...], "view": {...}}
nlohmann::ordered_json layout_json(const WindowLayout& layout);

// Keys keep the order written here, for whoever reads the file.
nlohmann::ordered_json build_stats_json(const LabSnapshot& snapshot, const SessionFacts& facts);

// Atomically (atomic_file.hpp), so a reader never sees half a file. Throws std::runtime_error("cannot write FILE: REASON"),
// or WriteCancelled when `gate` refused.
void write_json_atomically(const std::filesystem::path& file,
                           const nlohmann::ordered_json& json, const CommitGate& gate = {});

}  // namespace threadlab::app
