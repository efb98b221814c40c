#include "commands/bench/bench_soak.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <string>

#include "commands/bench/bench_lines.hpp"
#include "threadlab/measurement/clock.hpp"
#include "threadlab/measurement/memory_usage.hpp"
#include "threadlab/targets.hpp"
#include "window/session.hpp"

namespace threadlab::app {

namespace {

constexpr auto soak_toggle_period = std::chrono::seconds(1);
constexpr auto soak_sample_period = std::chrono::seconds(2);
constexpr double soak_warm_up_limit_s = 60;  // or a fifth of a shorter soak

}  // namespace

SoakFigures run_soak(Window& window, const RunSettings& settings, double minutes, ProgressOverlay& overlay) {
  const double seconds = minutes * 60;
  SoakFigures soak;
  soak.minutes = minutes;
  soak.warm_up_s = std::min(soak_warm_up_limit_s, seconds / 5);

  SessionPlan plan = scripted_plan(plan_of(settings), Mode::multi_thread, seconds);

  Mode mode = Mode::multi_thread;
  Clock::time_point last_toggle{};
  Clock::time_point next_sample{};
  ProgressLines progress = bench_progress(fmt::format("soak ({:g} min, mode toggled every second)", minutes));
  plan.hooks.draw_overlay = [&overlay] { overlay.draw(); };
  plan.hooks.frame_shown = [&](const FrameShown& shown, Lab& lab) {
    ++soak.frames;
    if (shown.index == 0) last_toggle = next_sample = shown.run_started;
    const double at_s = seconds_between(shown.run_started, shown.shown_at);
    if (shown.shown_at >= next_sample) {
      soak.samples.push_back({at_s, to_mebibytes(current_memory_usage().resident_bytes)});
      next_sample += soak_sample_period;
    }
    if (shown.shown_at - last_toggle >= soak_toggle_period) {
      mode = mode == Mode::single_thread ? Mode::multi_thread : Mode::single_thread;
      lab.set_mode(mode);
      last_toggle = shown.shown_at;
      ++soak.toggles;
    }
    overlay.fraction = std::clamp(at_s / seconds, 0.0, 1.0);
    progress.update(overlay.fraction, soak.samples.empty()
                                          ? std::string{}
                                          : fmt::format("RSS {:.1f} MiB, {} toggles", soak.samples.back().resident_mib,
                                                        soak.toggles));
  };
  run_session(window, plan);
  soak.samples.push_back({seconds, to_mebibytes(current_memory_usage().resident_bytes)});
  soak.peak_mib = to_mebibytes(current_memory_usage().peak_resident_bytes);

  const auto after_warm_up = std::find_if(soak.samples.begin(), soak.samples.end(),
                                          [&](const MemorySample& s) { return s.at_s >= soak.warm_up_s; });
  const MemorySample& start = after_warm_up != soak.samples.end() ? *after_warm_up : soak.samples.front();
  soak.start_mib = start.resident_mib;
  soak.end_mib = soak.samples.back().resident_mib;
  for (const MemorySample& sample : soak.samples) soak.max_mib = std::max(soak.max_mib, sample.resident_mib);
  soak.growth_mib = soak.end_mib - soak.start_mib;
  soak.growth_percent = soak.start_mib > 0 ? 100 * soak.growth_mib / soak.start_mib : 0;
  soak.steady = soak.growth_mib <= std::max(targets::steady_growth_mib, targets::steady_growth_fraction * soak.start_mib);
  return soak;
}

}  // namespace threadlab::app
