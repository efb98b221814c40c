#include "commands/bench/bare_window.hpp"

#include <time.h>

#include <chrono>

#include "window/app.hpp"  // frame_period: the render loop's pace

namespace threadlab::app {

namespace {

double process_cpu_seconds() {
  timespec now{};
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return double(now.tv_sec) + double(now.tv_nsec) / 1e9;
}

}  // namespace

BareWindowFigures measure_bare_window(Window& window, double seconds) {
  using clock = std::chrono::steady_clock;
  const auto began = clock::now();
  const double cpu_began = process_cpu_seconds();
  const auto end = began + std::chrono::duration_cast<clock::duration>(std::chrono::duration<double>(seconds));
  auto next_frame = began;
  BareWindowFigures figures;
  while (!window.should_close()) {
    const auto now = clock::now();
    if (now >= end) break;
    if (now < next_frame) {
      window.wait_events(std::chrono::duration<double>(next_frame - now).count());
      continue;
    }
    window.poll_events();
    window.clear_and_swap();
    ++figures.frames;
    next_frame += frame_period;
    if (next_frame < now) next_frame = now;  // late: no burst of frames to catch up
  }
  figures.seconds = std::chrono::duration<double>(clock::now() - began).count();
  if (figures.frames > 0) {
    figures.cpu_ms_per_frame = 1000 * (process_cpu_seconds() - cpu_began) / double(figures.frames);
  }
  if (figures.seconds > 0) figures.frames_per_second = double(figures.frames) / figures.seconds;
  return figures;
}

}  // namespace threadlab::app
