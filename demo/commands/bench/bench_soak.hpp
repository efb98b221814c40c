#pragma once
// The benchmark's memory soak: the window in multi-thread mode with the mode
// toggled every second, resident memory sampled every two seconds; memory
// is steady when it ends within a little of where it stood after warm-up
// (threadlab/targets.hpp).

#include <cstdint>
#include <vector>

#include "settings/run_settings.hpp"
#include "window/progress_overlay.hpp"
#include "window/window.hpp"

namespace threadlab::app {

struct MemorySample {
  double at_s = 0;
  double resident_mib = 0;
};

struct SoakFigures {
  double minutes = 0;
  double warm_up_s = 0;
  std::uint64_t toggles = 0;
  std::uint64_t frames = 0;
  std::vector<MemorySample> samples;
  double start_mib = 0, end_mib = 0, max_mib = 0, peak_mib = 0;
  double growth_mib = 0, growth_percent = 0;
  bool steady = false;
};

SoakFigures run_soak(Window& window, const RunSettings& settings, double minutes, ProgressOverlay& overlay);

}  // namespace threadlab::app
