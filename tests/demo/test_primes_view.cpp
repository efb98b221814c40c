// The primes workload's centre view, drawn headless: the segment grid and
// its legend of the threads that sieved.

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "../headless_imgui.hpp"
#include "../support/lab_snapshot_builder.hpp"
#include "panel_test_support.hpp"
#include "panels/panels.hpp"

using namespace threadlab;
using namespace threadlab::ui;
using test::app_font_installed;
using test::busy_lab_snapshot;
using test::Font;
using test::HeadlessImGui;
using test::draw_every_panel;
using test::panel_window;

namespace {

// 40 segments, 20 done by worker-1 and worker-2 in turn.
std::vector<std::int64_t> primes_sievers() {
  std::vector<std::int64_t> sievers(40, 0);
  for (std::size_t i = 0; i < 20; ++i) sievers[i] = test::worker_tid(i % 2 ? 2 : 1);
  return sievers;
}

// The busy lab counting primes: primes_sievers(), 4 segments being sieved.
LabSnapshot busy_primes_snapshot() {
  LabSnapshot snapshot = busy_lab_snapshot();
  snapshot.settings.workload = WorkloadKind::primes;
  snapshot.mandelbrot_view.reset();
  snapshot.job_name = "Primes below 200000000";
  snapshot.job = JobProgress{.items_done = 20, .items_total = 40, .finished = false, .cancelled = false};
  snapshot.primes_found = 123'456;
  snapshot.primes_segment_sievers = primes_sievers();
  snapshot.primes_segments_taken = 24;
  return snapshot;
}

}  // namespace

TEST_CASE("With primes as the workload the centre view is the segment grid, titled for it, and fits", "[panels][primes]") {
  const Font font = GENERATE(Font::imgui_default, Font::app);
  if (font == Font::app && !app_font_installed()) return;
  HeadlessImGui imgui(font);
  const LabSnapshot snapshot = busy_primes_snapshot();
  for (int frame = 0; frame < 3; ++frame) draw_every_panel(snapshot);

  const ImGuiWindow& centre = panel_window(Panel::mandelbrot);
  CHECK(std::string(centre.Name).starts_with("Primes: segments"));
  CHECK(centre.ScrollMax.y == 0.0f);
  CHECK(centre.ScrollMax.x == 0.0f);
  // The grid's cells fill the window's width or height: a picture, not a corner.
  const ImVec2 room(centre.Size.x - 20.0f, centre.Size.y * 0.6f);
  const PrimesGridShape shape = primes_grid_shape(snapshot.primes_segment_sievers.size(), room);
  CHECK(shape.columns * shape.rows >= 40);
  CHECK(static_cast<float>(shape.columns) * shape.cell <= room.x);
  CHECK(static_cast<float>(shape.rows) * shape.cell <= room.y);
  CHECK(shape.cell >= 0.5f * std::min(room.x / static_cast<float>(shape.columns), room.y / static_cast<float>(shape.rows)));
}

TEST_CASE("The primes legend names each thread that sieved, with its count and its own colour", "[panels][primes]") {
  const std::vector<ThreadInfo> threads = test::busy_threads({});
  const std::vector<std::int64_t> sievers = primes_sievers();
  const ThreadNames names{.threads = threads, .render_tid = test::main_tid};
  const std::vector<PrimesLegendEntry> legend = primes_legend({.sievers = sievers, .names = names});
  REQUIRE(legend.size() == 2);
  CHECK(legend[0].name == "worker-1");
  CHECK(legend[0].segments == 10);
  CHECK(legend[1].name == "worker-2");
  CHECK(legend[1].segments == 10);
  CHECK(legend[0].colour != legend[1].colour);

  // Single-thread mode: the render thread sieves, and says so.
  std::vector<std::int64_t> render_sieved(40, 0);
  render_sieved[0] = test::main_tid;
  const std::vector<PrimesLegendEntry> render_only = primes_legend({.sievers = render_sieved, .names = names});
  REQUIRE(render_only.size() == 1);
  CHECK(render_only[0].name == "MainThread (render thread)");
}

TEST_CASE("primes_grid_shape picks the largest square cells that hold every segment", "[panels][primes]") {
  const PrimesGridShape wide = primes_grid_shape(382, ImVec2(600.0f, 300.0f));
  CHECK(wide.columns * wide.rows >= 382);
  CHECK(static_cast<float>(wide.columns) * wide.cell <= 600.0f);
  CHECK(static_cast<float>(wide.rows) * wide.cell <= 300.0f);
  CHECK(wide.cell >= 15.0f);  // sqrt(600 * 300 / 382) = 21.7; whole rows cost a little
  CHECK(primes_grid_shape(0, ImVec2(600.0f, 300.0f)).columns == 0);
  CHECK(primes_grid_shape(10, ImVec2(0.0f, 300.0f)).columns == 0);
}
