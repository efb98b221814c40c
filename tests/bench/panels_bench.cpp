// One UI frame of every panel, drawn as App::frame draws them (ui::draw_all_panels), on a busy
// synthetic LabSnapshot, in an ImGui context with no window and no GL: ImGui
// still lays out every window and fills its draw lists, which is the render
// thread's CPU work for a frame minus the driver's. Timed with the thread's
// CPU time (manual time), so the other processes sharing the two cores do
// not count against the frame.

#include <benchmark/benchmark.h>
#include <imgui.h>

#include <chrono>

#include "../headless_imgui.hpp"
#include "../support/lab_snapshot_builder.hpp"
#include "bench_names.hpp"
#include "panels/panels.hpp"
#include "threadlab/measurement/cpu_clock.hpp"

namespace {

namespace names = threadlab::bench::names;
using threadlab::LabSnapshot;
using threadlab::current_thread_cpu_time;

using threadlab::test::HeadlessImGui;
const ImVec2 mandelbrot_image_size(640.0f, 480.0f);
constexpr float frames_per_second = 60.0f;

// Larger than the two-core machine's own lab, so that the frame figure errs
// on the expensive side: eight cores, eight workers (two waiting for the tile
// queue Lock), five finished, the main page's four Locks, ten seconds of
// every history and of nine Timeline lanes.
LabSnapshot busy_lab() {
  return threadlab::test::busy_lab_snapshot(
      {.cores = 8, .workers = 8, .finished_workers = 5, .locks = 4, .timeline = true});
}


void draw_frame(const LabSnapshot& snapshot, int frame) {
  namespace ui = threadlab::ui;
  ImGui::NewFrame();
  benchmark::DoNotOptimize(
      ui::draw_all_panels(snapshot, frame / frames_per_second, ui::CentreImage{ImTextureID{}, mandelbrot_image_size}));
  ImGui::Render();
}

void panels_frame(benchmark::State& state) {
  const HeadlessImGui imgui;
  const LabSnapshot snapshot = busy_lab();
  int frame = 0;
  // The first frames create every window and table: a running demo paid that once, long ago.
  for (; frame < 3; ++frame) draw_frame(snapshot, frame);

  for (auto _ : state) {
    const auto cpu_began = current_thread_cpu_time();
    draw_frame(snapshot, frame++);
    state.SetIterationTime(std::chrono::duration<double>(current_thread_cpu_time() - cpu_began).count());
  }
  const ImDrawData* draw_data = ImGui::GetDrawData();
  state.counters["vertices"] = draw_data ? draw_data->TotalVtxCount : 0;
  state.counters["windows"] = draw_data ? draw_data->CmdListsCount : 0;
}

BENCHMARK(panels_frame)->Name(names::panels_frame)->UseManualTime()->Unit(benchmark::kMillisecond);

// The Timeline panel alone, in the same frame setup, on the busy lab's ten
// seconds of nine lanes (target: at most 1 ms of render-thread CPU a frame).
void timeline_panel(benchmark::State& state) {
  const HeadlessImGui imgui;
  const LabSnapshot snapshot = busy_lab();
  const auto draw = [&] {
    ImGui::NewFrame();
    threadlab::ui::set_default_layout(ImGui::GetIO().DisplaySize);
    threadlab::ui::draw_timeline_panel(snapshot.timeline);
    ImGui::Render();
  };
  for (int frame = 0; frame < 3; ++frame) draw();
  for (auto _ : state) {
    const auto cpu_began = current_thread_cpu_time();
    draw();
    state.SetIterationTime(std::chrono::duration<double>(current_thread_cpu_time() - cpu_began).count());
  }
  const ImDrawData* draw_data = ImGui::GetDrawData();
  state.counters["vertices"] = draw_data ? draw_data->TotalVtxCount : 0;
}

BENCHMARK(timeline_panel)->Name(names::timeline_panel)->UseManualTime()->Unit(benchmark::kMillisecond);

}  // namespace
