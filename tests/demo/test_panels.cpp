// The panels, drawn headless: an ImGui context with a font atlas but no
// window and no GL. ImGui still lays out every window and builds its draw
// lists, so what a user would see can be checked without a screen.

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <complex>
#include <filesystem>
#include <string>
#include <vector>

#include "../headless_imgui.hpp"
#include "widgets/format.hpp"
#include "panels/layout.hpp"
#include "panels/panels.hpp"
#include "threadlab/scenarios/figure_names.hpp"

using namespace threadlab;
using namespace threadlab::ui;
using namespace std::chrono_literals;

namespace {

using test::app_font_installed;
using test::app_font_path;
using test::Font;
using test::HeadlessImGui;
const ImVec2 display_size = test::default_display_size;
const ImVec2 mandelbrot_image_size(640.0f, 480.0f);


// One whole frame of the demo's panels, as the app draws them.
FrameRequests draw_every_panel(const LabSnapshot& snapshot) {
  ImGui::NewFrame();
  const FrameRequests requests = draw_all_panels(snapshot, static_cast<double>(ImGui::GetFrameCount()) / 60.0,
                                                 CentreImage{ImTextureID{}, mandelbrot_image_size});
  ImGui::Render();
  return requests;
}

ThreadInfo thread_info(std::string name, std::int64_t native_id, ThreadState state) {
  ThreadInfo info;
  info.name = std::move(name);
  info.native_id = native_id;
  info.ident = 0x7f0000000000u + static_cast<std::uint64_t>(native_id);
  info.alive = state != ThreadState::finished;
  info.state = state;
  info.started_by_engine = true;
  return info;
}

LockStats lock_stats(std::uint64_t id, std::string name, LockPolicy policy) {
  LockStats lock;
  lock.id = id;
  lock.name = std::move(name);
  lock.policy = policy;
  return lock;
}

// A busy lab: two cores, three workers (one blocked on the queue lock), two
// locks with waits, ten seconds of frames with a freeze, and a Mandelbrot view.
LabSnapshot busy_snapshot() {
  LabSnapshot snapshot;
  snapshot.settings.mode = Mode::multi_thread;
  snapshot.settings.workload = WorkloadKind::mandelbrot;
  snapshot.worker_count = 3;

  ThreadInfo main_thread = thread_info("MainThread", 1000, ThreadState::running);
  main_thread.is_main = true;
  main_thread.started_by_engine = false;
  ThreadInfo sampler = thread_info("cpu-sampler", 1001, ThreadState::running);
  sampler.daemon = true;
  ThreadInfo worker_1 = thread_info("worker-1", 1002, ThreadState::running);
  worker_1.items_done = 120;
  ThreadInfo worker_2 = thread_info("worker-2", 1003, ThreadState::waiting_for_lock);
  worker_2.waiting_for_lock = "tile queue";
  worker_2.waiting_for_lock_id = 1;
  worker_2.items_done = 98;
  ThreadInfo worker_3 = thread_info("worker-3", 1004, ThreadState::running);
  worker_3.items_done = 101;
  snapshot.threads = {main_thread, sampler, worker_1, worker_2, worker_3};
  snapshot.active_count = snapshot.threads.size();
  snapshot.current_thread = main_thread;
  snapshot.finished_threads = {thread_info("worker-0", 999, ThreadState::finished)};

  LockStats queue = lock_stats(1, "tile queue", LockPolicy::barging);
  queue.acquisitions = 1'000;
  queue.contended_acquisitions = 250;
  queue.total_wait = 50ms;
  queue.max_wait = 3ms;
  queue.wait_histogram[2] = 100;
  queue.wait_histogram[5] = 120;
  queue.wait_histogram[11] = 30;
  queue.locked = true;
  queue.holder_native_id = 1002;
  queue.holder_name = "worker-1";
  queue.waiters = 1;
  LockStats total = lock_stats(2, "primes total", LockPolicy::fifo);
  total.acquisitions = 40;
  total.contended_acquisitions = 2;
  total.total_wait = 12us;
  total.max_wait = 8us;
  total.wait_histogram[2] = 2;
  snapshot.locks = {queue, total};

  snapshot.cpu.core_load = {0.92, 0.61};
  snapshot.cpu.total_load = 0.765;
  snapshot.cpu.process_percent = 150.0;
  for (const ThreadInfo& thread : snapshot.threads) {
    ThreadCpu cpu;
    cpu.tid = thread.native_id;
    cpu.comm = thread.name;
    cpu.cpu_percent = thread.name.starts_with("worker") ? 48.0 : 2.0;
    cpu.last_core = static_cast<int>(thread.native_id % 2);
    snapshot.cpu.threads.push_back(cpu);
  }
  // The GL driver's threads, which threading did not start.
  for (int i = 0; i < 2; ++i) {
    ThreadCpu cpu;
    cpu.tid = 1100 + i;
    cpu.comm = "llvmpipe-" + std::to_string(i);
    cpu.cpu_percent = 35.0;
    cpu.nanosecond_resolution = true;
    cpu.run_queue_percent = 4.5;
    snapshot.cpu.threads.push_back(cpu);
  }
  snapshot.cpu_split = ProcessCpuSplit{.workers_percent = 98.0, .render_percent = 2.0, .other_percent = 70.0};
  snapshot.mean_cpu_split = ProcessCpuSplit{.workers_percent = 60.0, .render_percent = 9.5, .other_percent = 50.0};
  snapshot.render_tid = 1000;
  for (int core = 0; core < 2; ++core) {
    CoreHistory history;
    for (int i = 0; i < 100; ++i)
      history.load_percent.push_back(static_cast<float>(50 + 40 * std::sin(i * 0.1 + core)));
    snapshot.core_history.push_back(history);
  }
  snapshot.process_history.assign(100, 150.0f);

  for (int i = 0; i < 600; ++i) snapshot.frame_times_ms.push_back(i == 300 ? 250.0f : 16.7f);
  snapshot.frames = LatencySummary{.count = 600, .p50_ms = 16.7, .p99_ms = 33.0, .max_ms = 250.0, .mean_ms = 17.2, .over_threshold = 1};
  snapshot.frames_window = snapshot.frames;
  for (int i = 0; i < 1000; ++i) snapshot.probe_latencies_ms.push_back(i == 500 ? 240.0f : 4.0f);
  snapshot.probe = LatencySummary{.count = 1000, .p50_ms = 4.0, .p99_ms = 12.0, .max_ms = 240.0, .mean_ms = 4.3, .over_threshold = 1};
  snapshot.probe_window = snapshot.probe;
  snapshot.longest_freeze_ms = 250.0;

  snapshot.job_name = "Mandelbrot 640x480";
  snapshot.job = JobProgress{.items_done = 120, .items_total = 480, .finished = false, .cancelled = false};
  snapshot.jobs_completed = 2;
  snapshot.last_job_seconds = 1.5;
  snapshot.items_done_total = 9'600;
  snapshot.session_seconds = 30.0;
  snapshot.items_per_second = 320.0;
  snapshot.mean_core_load_percent = {71.5, 48.0};
  snapshot.mean_process_percent = 119.5;
  snapshot.mandelbrot_view = MandelbrotView{.center_x = -0.743643887, .center_y = 0.131825904, .scale = 1e-5, .max_iterations = 1000};
  return snapshot;
}

ImGuiWindow& panel_window(Panel panel) {
  ImGuiWindow* window = ImGui::FindWindowByName(panel_title(panel));
  INFO("panel " << panel_title(panel));
  REQUIRE(window != nullptr);
  return *window;
}

float overlap_area(ImVec2 a_pos, ImVec2 a_size, ImVec2 b_pos, ImVec2 b_size) {
  const float width = std::min(a_pos.x + a_size.x, b_pos.x + b_size.x) - std::max(a_pos.x, b_pos.x);
  const float height = std::min(a_pos.y + a_size.y, b_pos.y + b_size.y) - std::max(a_pos.y, b_pos.y);
  return std::max(width, 0.0f) * std::max(height, 0.0f);
}

bool asks_for_nothing(const ControlRequests& requests) {
  return !requests.page && !requests.mode && !requests.workload && !requests.workers && !requests.priority && !requests.start &&
         !requests.cancel && !requests.reset_view && !requests.screenshot && !requests.compare;
}

// The centre of the Mandelbrot picture on screen, found by asking ImGui which
// item the mouse is over: the picture is the panel's "##view" button.
ImVec2 point_over_picture() {
  const ImGuiWindow& window = panel_window(Panel::mandelbrot);
  const ImVec2 point(window.Pos.x + window.Size.x * 0.5f, window.Pos.y + window.Size.y * 0.45f);
  ImGui::GetIO().MousePos = point;
  draw_every_panel(busy_snapshot());
  const ImGuiID picture_id = ImHashStr("##view", 0, window.ID);
  REQUIRE(ImGui::GetCurrentContext()->HoveredId == picture_id);
  return point;
}

}  // namespace

TEST_CASE("Every panel draws its own visible window from a busy lab", "[panels]") {
  HeadlessImGui imgui;
  const LabSnapshot snapshot = busy_snapshot();
  for (int frame = 0; frame < 3; ++frame) draw_every_panel(snapshot);

  const ImDrawData* draw_data = ImGui::GetDrawData();
  REQUIRE(draw_data != nullptr);
  CHECK(draw_data->Valid);
  CHECK(draw_data->TotalVtxCount > 0);
  // Primes is not the workload: its panel takes no room and is not drawn.
  const ImGuiWindow* primes = ImGui::FindWindowByName(panel_title(Panel::primes));
  CHECK((primes == nullptr || !primes->Active));
  for (const Panel panel : all_panels) {
    if (panel == Panel::primes) continue;
    const ImGuiWindow& window = panel_window(panel);
    INFO("panel " << panel_title(panel));
    CHECK(window.Active);
    CHECK_FALSE(window.Hidden);
    CHECK_FALSE(window.Collapsed);
    CHECK(window.Size.x > 0.0f);
    CHECK(window.Size.y > 0.0f);
    CHECK(window.DrawList->VtxBuffer.Size > 0);
  }
}

TEST_CASE("At 1600x900 the panels start inside the window and do not overlap", "[panels]") {
  HeadlessImGui imgui;
  draw_every_panel(busy_snapshot());

  for (const Panel panel : all_panels) {
    if (panel == Panel::primes) continue;  // not the workload: not drawn
    const ImGuiWindow& window = panel_window(panel);
    INFO("panel " << panel_title(panel));
    CHECK(window.Pos.x >= 0.0f);
    CHECK(window.Pos.y >= 0.0f);
    CHECK(window.Pos.x + window.Size.x <= display_size.x);
    CHECK(window.Pos.y + window.Size.y <= display_size.y);
  }
  for (const Panel a : all_panels) {
    for (const Panel b : all_panels) {
      if (a >= b || a == Panel::primes || b == Panel::primes) continue;
      const ImGuiWindow& first = panel_window(a);
      const ImGuiWindow& second = panel_window(b);
      INFO(panel_title(a) << " and " << panel_title(b));
      CHECK(overlap_area(first.Pos, first.Size, second.Pos, second.Size) == 0.0f);
    }
  }
}

TEST_CASE("Panels side by side let the framebuffer clear be their background; overlapping panels draw their own", "[panels]") {
  HeadlessImGui imgui;
  const LabSnapshot snapshot = busy_snapshot();
  for (int frame = 0; frame < 2; ++frame) draw_every_panel(snapshot);
  for (const Panel panel : all_panels) {
    INFO("panel " << panel_title(panel));
    CHECK_FALSE(panel_draws_background(panel));
  }

  // Out of its default cell but overlapping nothing (as in a layout saved
  // at another size): still no background.
  const ImGuiWindow& frames = panel_window(Panel::frames);
  ImGui::SetWindowSize(panel_title(Panel::frames), ImVec2(frames.Size.x, frames.Size.y - 9.0f));
  draw_every_panel(snapshot);
  draw_every_panel(snapshot);
  CHECK_FALSE(panel_draws_background(Panel::frames));

  // Dragged over its neighbours: from the next frame on both it and they
  // paint their backgrounds; the panels it does not touch do not.
  ImGui::SetWindowPos(panel_title(Panel::locks), ImVec2(500.0f, 300.0f));
  draw_every_panel(snapshot);
  draw_every_panel(snapshot);
  CHECK(panel_draws_background(Panel::locks));
  CHECK(panel_draws_background(Panel::mandelbrot));
  CHECK_FALSE(panel_draws_background(Panel::controls));
  CHECK_FALSE(panel_draws_background(Panel::primes));
  const ImVec4 clear = framebuffer_clear_colour();
  CHECK(clear.w == 1.0f);
  CHECK(clear.x < 0.1f);
}

TEST_CASE("At 1600x900 the small panels' content fits without scrolling; the others scroll with a scrollbar", "[panels]") {
  const Font font = GENERATE(Font::imgui_default, Font::app);
  if (font == Font::app && !app_font_installed()) {
    WARN("skipped with the app's font: " << app_font_path << " is not installed");
    return;
  }
  INFO((font == Font::app ? "the app's font" : "ImGui's built-in font"));
  HeadlessImGui imgui(font);
  // Many threads: the Threads table scrolls inside its panel rather than the panel.
  LabSnapshot snapshot = busy_snapshot();
  for (int i = 4; i <= 16; ++i) {
    snapshot.threads.push_back(thread_info("worker-" + std::to_string(i), 1000 + i, ThreadState::running));
    snapshot.finished_threads.push_back(
        thread_info("old-worker-" + std::to_string(i), 900 + i, ThreadState::finished));
  }
  // Content sizes are measured on one frame and used on the next.
  for (int frame = 0; frame < 3; ++frame) draw_every_panel(snapshot);

  // The view shows its picture first, at its own resolution or larger, and
  // its figures below it; Threads and Locks hold tables that grow with the
  // threads and Locks. They may scroll, with a scrollbar; the rest fit.
  for (const Panel panel : all_panels) {
    if (panel == Panel::primes) continue;  // not the workload: not drawn
    const ImGuiWindow& window = panel_window(panel);
    INFO("panel " << panel_title(panel) << ": content " << window.ContentSize.y << " px high in a "
                  << window.Size.y << " px window");
    if (panel == Panel::mandelbrot || panel == Panel::threads || panel == Panel::locks) {
      if (window.ScrollMax.y > 0.0f) CHECK(window.ScrollbarY);
      if (window.ScrollMax.x > 0.0f) CHECK(window.ScrollbarX);
      continue;
    }
    CHECK(window.ScrollMax.y == 0.0f);
    CHECK(window.ScrollMax.x == 0.0f);
  }
}

TEST_CASE("An empty lab (no threads, locks or samples) draws every panel", "[panels]") {
  HeadlessImGui imgui;
  const LabSnapshot empty;
  for (int frame = 0; frame < 3; ++frame) {
    const FrameRequests requests = draw_every_panel(empty);
    CHECK(asks_for_nothing(requests.controls));
  }
  CHECK(ImGui::GetDrawData()->TotalVtxCount > 0);
  for (const Panel panel : all_panels) {
    if (panel != Panel::primes) CHECK(panel_window(panel).Active);  // primes: not the workload
  }
}

TEST_CASE("The Controls panel asks for nothing when nothing is clicked", "[panels]") {
  HeadlessImGui imgui;
  const LabSnapshot snapshot = busy_snapshot();
  // The mouse rests over the Controls panel without pressing a button.
  const PanelRect controls = default_panel_rect(Panel::controls, display_size);
  ImGui::GetIO().MousePos =
      ImVec2(controls.pos.x + controls.size.x * 0.5f, controls.pos.y + controls.size.y * 0.5f);
  for (int frame = 0; frame < 5; ++frame) {
    const FrameRequests requests = draw_every_panel(snapshot);
    CHECK(asks_for_nothing(requests.controls));
    CHECK_FALSE(requests.view.zoom_at);
    CHECK(requests.view.pan_dx == 0.0);
    CHECK(requests.view.pan_dy == 0.0);
  }
}

TEST_CASE("Clicking the option not selected in a segmented choice returns it, once", "[panels]") {
  HeadlessImGui imgui;
  ImGuiIO& io = ImGui::GetIO();
  const auto frame = [](int selected, ImVec2* second_button_centre = nullptr) {
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(100.0f, 100.0f));
    ImGui::Begin("segmented choice");
    const std::optional<int> clicked = segmented_choice("mode", {"Single-thread", "Multi-thread"}, selected);
    if (second_button_centre) {
      const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
      *second_button_centre = ImVec2((min.x + max.x) * 0.5f, (min.y + max.y) * 0.5f);
    }
    ImGui::End();
    ImGui::Render();
    return clicked;
  };

  ImVec2 multi_thread_button;
  CHECK_FALSE(frame(0, &multi_thread_button));
  io.MousePos = multi_thread_button;
  CHECK_FALSE(frame(0));  // hovering is not clicking
  io.MouseDown[0] = true;
  CHECK_FALSE(frame(0));  // a button acts on release
  io.MouseDown[0] = false;
  CHECK(frame(0) == std::optional<int>(1));
  CHECK_FALSE(frame(0));

  // The selected option asks for nothing: the mode is already what it says.
  io.MouseDown[0] = true;
  frame(1);
  io.MouseDown[0] = false;
  CHECK_FALSE(frame(1));
}

TEST_CASE("The mouse wheel over the Mandelbrot picture zooms at the image pixel under the mouse",
          "[panels]") {
  HeadlessImGui imgui;
  const LabSnapshot snapshot = busy_snapshot();
  draw_every_panel(snapshot);
  point_over_picture();

  ImGui::GetIO().MouseWheel = 1.0f;
  const ViewRequests zoom_in = draw_every_panel(snapshot).view;
  REQUIRE(zoom_in.zoom_at);
  CHECK(zoom_in.zoom_factor == Approx(0.8));
  CHECK(zoom_in.zoom_at->x > 0.0f);
  CHECK(zoom_in.zoom_at->x < mandelbrot_image_size.x);
  CHECK(zoom_in.zoom_at->y > 0.0f);
  CHECK(zoom_in.zoom_at->y < mandelbrot_image_size.y);

  ImGui::GetIO().MouseWheel = -1.0f;
  const ViewRequests zoom_out = draw_every_panel(snapshot).view;
  REQUIRE(zoom_out.zoom_at);
  CHECK(zoom_out.zoom_factor == Approx(1.25));
  // The mouse did not move, so neither did the pixel under it.
  CHECK(zoom_out.zoom_at->x == Approx(zoom_in.zoom_at->x));
  CHECK(zoom_out.zoom_at->y == Approx(zoom_in.zoom_at->y));
}

TEST_CASE("Dragging the Mandelbrot picture moves the view's centre against the drag, in image pixels",
          "[panels]") {
  HeadlessImGui imgui;
  const LabSnapshot snapshot = busy_snapshot();
  draw_every_panel(snapshot);
  const ImVec2 start = point_over_picture();

  ImGuiIO& io = ImGui::GetIO();
  io.MouseDown[0] = true;
  draw_every_panel(snapshot);
  io.MousePos = ImVec2(start.x + 20.0f, start.y - 10.0f);
  const ViewRequests drag = draw_every_panel(snapshot).view;
  // The picture follows the mouse (right and up), so the centre moves left and
  // down. The 640x480 image is never shown smaller than itself, so one
  // screen pixel of drag is at most one image pixel.
  CHECK(drag.pan_dx < 0.0);
  CHECK(drag.pan_dx >= -20.0);
  CHECK(drag.pan_dy > 0.0);
  CHECK(drag.pan_dy <= 10.0);
  CHECK(drag.pan_dx == Approx(-2.0 * drag.pan_dy));
  CHECK_FALSE(drag.zoom_at);

  const ViewRequests held_still = draw_every_panel(snapshot).view;
  CHECK(held_still.pan_dx == 0.0);
  CHECK(held_still.pan_dy == 0.0);
  io.MouseDown[0] = false;
  draw_every_panel(snapshot);
}

TEST_CASE("After a drag, the engine's view keeps the grabbed point under the mouse", "[panels]") {
  HeadlessImGui imgui;
  const LabSnapshot snapshot = busy_snapshot();
  const int width = static_cast<int>(mandelbrot_image_size.x),
            height = static_cast<int>(mandelbrot_image_size.y);
  const MandelbrotView view = default_view(width, height);
  draw_every_panel(snapshot);
  const ImVec2 start = point_over_picture();
  ImGuiIO& io = ImGui::GetIO();

  // A wheel notch reports the image pixel under the mouse; the zoom itself is not applied.
  const auto pixel_under_mouse = [&] {
    io.MouseWheel = 1.0f;
    const ViewRequests requests = draw_every_panel(snapshot).view;
    REQUIRE(requests.zoom_at);
    return *requests.zoom_at;
  };
  const ImVec2 grabbed = pixel_under_mouse();

  io.MouseDown[0] = true;
  draw_every_panel(snapshot);
  io.MousePos = ImVec2(start.x + 30.0f, start.y + 15.0f);
  const ViewRequests drag = draw_every_panel(snapshot).view;
  io.MouseDown[0] = false;
  draw_every_panel(snapshot);
  const ImVec2 released = pixel_under_mouse();

  const MandelbrotView moved = panned(view, drag.pan_dx, drag.pan_dy);
  const std::complex<double> before = pixel_to_complex(view, width, height, grabbed.x, grabbed.y);
  const std::complex<double> after = pixel_to_complex(moved, width, height, released.x, released.y);
  CHECK(after.real() == Approx(before.real()).margin(view.scale * 0.01));
  CHECK(after.imag() == Approx(before.imag()).margin(view.scale * 0.01));
}

TEST_CASE("fit_keeping_aspect fills the room along one side and keeps the image's shape", "[panels]") {
  const ImVec2 wide_room = fit_keeping_aspect(ImVec2(640.0f, 480.0f), ImVec2(1000.0f, 300.0f));
  CHECK(wide_room.y == 300.0f);
  CHECK(wide_room.x == 400.0f);
  const ImVec2 tall_room = fit_keeping_aspect(ImVec2(640.0f, 480.0f), ImVec2(320.0f, 1000.0f));
  CHECK(tall_room.x == 320.0f);
  CHECK(tall_room.y == 240.0f);
  // No room at all still gives an item ImGui accepts.
  const ImVec2 no_room = fit_keeping_aspect(ImVec2(640.0f, 480.0f), ImVec2(-5.0f, 0.0f));
  CHECK(no_room.x >= 1.0f);
  CHECK(no_room.y >= 1.0f);
}

TEST_CASE("Durations pick the unit that keeps three significant digits", "[panels][format]") {
  CHECK(format_duration(0ns) == "0 ns");
  CHECK(format_duration(850ns) == "850 ns");
  CHECK(format_duration(1'000ns) == "1.00 us");
  CHECK(format_duration(12'345ns) == "12.3 us");
  CHECK(format_duration(999'700ns) == "1.00 ms");  // rounding carries into the next unit
  CHECK(format_duration(3ms) == "3.00 ms");
  CHECK(format_duration(123'456'789ns) == "123 ms");
  CHECK(format_duration(4'560ms) == "4.56 s");
}

TEST_CASE("Counts, rates and progress carry their units", "[panels][format]") {
  CHECK(group_thousands(0) == "0");
  CHECK(group_thousands(999) == "999");
  CHECK(group_thousands(1'000) == "1,000");
  CHECK(group_thousands(1'234'567) == "1,234,567");
  CHECK(format_count(1, "threads") == "1 thread");
  CHECK(format_count(3, "threads") == "3 threads");
  CHECK(format_count(0, "items") == "0 items");
  CHECK(format_rate(12'345.4, "items") == "12,345 items/s");
  CHECK(format_rate(3.46, "items") == "3.5 items/s");
  CHECK(format_progress(120, 480, "items") == "120 / 480 items (25.0 %)");
  CHECK(format_progress(0, 0, "items") == "0 / 0 items (0.0 %)");
  CHECK(format_percent(73.24) == "73.2 %");
  CHECK(format_ms(16.66) == "16.7 ms");
  CHECK(format_ms(2'345.4) == "2,345 ms");
  CHECK(format_seconds(2.414) == "2.41 s");
  CHECK(format_hex(0x7f3a) == "0x7f3a");
}

TEST_CASE("The wall clock shows hours to milliseconds", "[panels][format]") {
  const std::string clock = format_wall_clock(std::chrono::system_clock::time_point(1'700'000'000'123ms));
  REQUIRE(clock.size() == 12);  // HH:MM:SS.mmm
  CHECK(clock.substr(8) == ".123");
  CHECK(clock[2] == ':');
  CHECK(clock[5] == ':');
}

namespace {

// The deadlock page while the two threads are stuck, waiting for "break deadlock".
LabSnapshot deadlocked_snapshot() {
  LabSnapshot snapshot = busy_snapshot();
  ScenarioSnapshot scenario;
  scenario.current.kind = ScenarioKind::deadlock;
  scenario.current.name = "deadlock";
  scenario.current.figures = {{threadlab::figure::detection_ms, 100.0}};
  scenario.current.cycles.push_back(DeadlockCycle{{LockOrderStep{"takes-A-then-B", 11, {1, "A"}, {2, "B"}},
                                                   LockOrderStep{"takes-B-then-A", 12, {2, "B"}, {1, "A"}}}});
  for (const char* name : {"takes-A-then-B", "takes-B-then-A"}) {
    ScenarioThreadRow row;
    row.name = name;
    row.role = "worker";
    row.acquisitions = 1;
    row.alive = true;
    scenario.current.threads.push_back(row);
  }
  scenario.started = scenario.running = scenario.awaiting_break = true;
  scenario.progress = 0.5;
  scenario.phase = "deadlocked: waiting for \"break deadlock\"";
  snapshot.scenario = scenario;
  return snapshot;
}

}  // namespace

TEST_CASE("On a scenario page the Scenario panel takes the Mandelbrot view's place, and fits", "[panels][scenario]") {
  HeadlessImGui imgui;
  const LabSnapshot snapshot = deadlocked_snapshot();
  for (int frame = 0; frame < 3; ++frame) draw_every_panel(snapshot);

  REQUIRE(page_of(snapshot) == Page{ScenarioKind::deadlock});
  const ImGuiWindow& scenario = panel_window(Panel::scenario);
  const PanelRect cell = current_layout().rects[static_cast<int>(Panel::scenario)];
  CHECK(scenario.Active);
  CHECK(scenario.Pos.x == cell.pos.x);
  CHECK(scenario.Pos.y == cell.pos.y);
  CHECK(scenario.Size.x == cell.size.x);
  CHECK(scenario.Size.y == cell.size.y);
  const ImGuiWindow* mandelbrot = ImGui::FindWindowByName(panel_title(Panel::mandelbrot));
  CHECK((mandelbrot == nullptr || !mandelbrot->Active));
  // The controls for the job are there but greyed out; nothing is asked for.
  CHECK(asks_for_nothing(draw_every_panel(snapshot).controls));
}

TEST_CASE("Without a scenario the page is the responsiveness one", "[panels][scenario]") {
  REQUIRE(page_of(busy_snapshot()) == Page{});
  REQUIRE_FALSE(page_of(busy_snapshot()).scenario.has_value());
}

namespace {

// A click (press, then release) at `point` on a 1600x900 window drawn with
// the app's font, as xdotool gives it to the real window; returns the frame
// of the release.
FrameRequests click_at(ImVec2 point, const LabSnapshot& snapshot) {
  ImGuiIO& io = ImGui::GetIO();
  for (int frame = 0; frame < 3; ++frame) draw_every_panel(snapshot);  // the layout settles
  io.MousePos = point;
  draw_every_panel(snapshot);
  io.MouseDown[0] = true;
  draw_every_panel(snapshot);
  io.MouseDown[0] = false;
  return draw_every_panel(snapshot);
}

}  // namespace

// tests/e2e/xdotool_drive.sh and xdotool_deadlock.sh click these points in
// the real window: if the layout moves a button, this says so first.
TEST_CASE("The e2e tests' click points hit Compare modes and Break deadlock at 1600x900", "[panels][e2e]") {
  if (!app_font_installed()) {
    WARN("[skipped] " << app_font_path << " is not installed");
    return;
  }
  HeadlessImGui imgui(Font::app);
  CHECK(click_at(ImVec2(203.0f, 287.0f), busy_snapshot()).controls.compare);
  CHECK(click_at(ImVec2(400.0f, 214.0f), deadlocked_snapshot()).scenario.break_deadlock);
}

namespace {

// The text the Locks panel draws in one frame, line by line: ImGui logs
// every piece of text it renders while logging is on, and the end of the
// panel's window ends the log and puts it on ImGui's own clipboard.
std::string locks_panel_text(const LabSnapshot& snapshot) {
  ImGui::NewFrame();
  ImGui::SetClipboardText("");
  ImGui::LogToClipboard();
  draw_locks_panel(snapshot);
  ImGui::LogFinish();  // in case the panel drew nothing
  std::string logged = ImGui::GetClipboardText();
  ImGui::Render();
  return logged;
}

// The logged line that contains `needle`, or "" when none does.
std::string line_with(const std::string& text, const std::string& needle) {
  const std::size_t at = text.find(needle);
  if (at == std::string::npos) return {};
  const std::size_t begin = text.rfind('\n', at);
  const std::size_t end = text.find('\n', at);
  return text.substr(begin == std::string::npos ? 0 : begin + 1,
                     end == std::string::npos ? std::string::npos : end - (begin == std::string::npos ? 0 : begin + 1));
}

// The busy lab counting primes: 40 segments, 20 done by two workers in turn,
// 4 being sieved.
LabSnapshot busy_primes_snapshot() {
  LabSnapshot snapshot = busy_snapshot();
  snapshot.settings.workload = WorkloadKind::primes;
  snapshot.mandelbrot_view.reset();
  snapshot.job_name = "Primes below 200000000";
  snapshot.job = JobProgress{.items_done = 20, .items_total = 40, .finished = false, .cancelled = false};
  snapshot.primes_found = 123'456;
  snapshot.primes_segment_sievers.assign(40, 0);
  for (int i = 0; i < 20; ++i) snapshot.primes_segment_sievers[static_cast<std::size_t>(i)] = i % 2 ? 1003 : 1002;
  snapshot.primes_segments_taken = 24;
  return snapshot;
}

}  // namespace

TEST_CASE("The Locks panel shows the sampled cost of an acquire that did not wait, in ns, with help", "[panels]") {
  HeadlessImGui imgui;
  LabSnapshot snapshot = busy_snapshot();
  snapshot.locks[0].sampled_acquires = 12;
  snapshot.locks[0].sampled_acquire_total = 12 * 9ns;
  // The first frame lays out; the second draws with the sizes it measured.
  locks_panel_text(snapshot);
  const std::string text = locks_panel_text(snapshot);
  INFO("the Locks panel drew:\n" << text);
  const std::string line = line_with(text, "Acquire, no wait:");
  REQUIRE_FALSE(line.empty());
  CHECK(line.find("9 ns (12 samples)") != std::string::npos);
  CHECK(line.find("(?)") != std::string::npos);  // the help marker: ns without a wait, us to ms with one
  // The wait histogram it is set beside, in microseconds.
  CHECK(text.find("Wait time in log2 buckets of microseconds") != std::string::npos);

  snapshot.locks[0].sampled_acquires = 0;
  snapshot.locks[0].sampled_acquire_total = 0ns;
  locks_panel_text(snapshot);
  const std::string before_any_sample = line_with(locks_panel_text(snapshot), "Acquire, no wait:");
  INFO("before any sample: " << before_any_sample);
  CHECK(before_any_sample.find("not sampled yet") != std::string::npos);
  CHECK(before_any_sample.find(" ns") == std::string::npos);  // no figure is made up
}

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
  const std::vector<PrimesLegendEntry> legend = primes_legend(busy_primes_snapshot());
  REQUIRE(legend.size() == 2);
  CHECK(legend[0].name == "worker-1");
  CHECK(legend[0].segments == 10);
  CHECK(legend[1].name == "worker-2");
  CHECK(legend[1].segments == 10);
  CHECK(legend[0].colour != legend[1].colour);

  // Single-thread mode: the render thread sieves, and says so.
  LabSnapshot single = busy_primes_snapshot();
  single.primes_segment_sievers.assign(40, 0);
  single.primes_segment_sievers[0] = 1000;
  const std::vector<PrimesLegendEntry> render_only = primes_legend(single);
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

namespace {

// The main page's four Locks after a session: the image Lock waited a few
// times, the render thread found it busy twice.
LabSnapshot main_page_locks_snapshot(std::uint64_t image_waits) {
  LabSnapshot snapshot = busy_snapshot();
  LockStats queue = lock_stats(11, "mandelbrot.tile-queue", LockPolicy::barging);
  queue.acquisitions = 1'900;
  LockStats image = lock_stats(12, "mandelbrot.image", LockPolicy::barging);
  image.acquisitions = 2'100;
  image.contended_acquisitions = image_waits;
  image.failed_tries = 2;
  image.total_wait = image_waits * 300us;
  image.max_wait = image_waits ? 700us : 0us;
  image.wait_histogram[8] = image_waits;
  snapshot.locks = {queue, image, lock_stats(13, "primes.segment-queue", LockPolicy::barging),
                    lock_stats(14, "primes.count", LockPolicy::barging)};
  return snapshot;
}

}  // namespace

TEST_CASE("The Locks panel reads the main page's waits: how many, of how many, and why near zero", "[panels][locks]") {
  const std::string reading = lock_reading(main_page_locks_snapshot(3));
  INFO(reading);
  CHECK(reading.find("3 waits in 4,000 acquisitions (0.1 %)") != std::string::npos);
  CHECK(reading.find("longest 700 us") != std::string::npos);
  CHECK(reading.find("fine-grained locking") != std::string::npos);
  CHECK(reading.find("contention page") != std::string::npos);
  CHECK(reading.find("busy 2 times") != std::string::npos);

  const std::string none = lock_reading(main_page_locks_snapshot(0));
  CHECK(none.find("no wait in 4,000 acquisitions") != std::string::npos);

  LabSnapshot on_scenario = main_page_locks_snapshot(3);
  on_scenario.scenario = ScenarioSnapshot{};
  CHECK(lock_reading(on_scenario).empty());
}

TEST_CASE("With the main page's four Locks and their reading, the Locks panel fits at 2560x1440 and scrolls at 1600x900", "[panels][locks]") {
  const Font font = GENERATE(Font::imgui_default, Font::app);
  if (font == Font::app && !app_font_installed()) return;
  HeadlessImGui imgui(font);
  const LabSnapshot snapshot = main_page_locks_snapshot(3);
  for (int frame = 0; frame < 3; ++frame) draw_every_panel(snapshot);
  const ImGuiWindow& window = panel_window(Panel::locks);
  INFO("content " << window.ContentSize.y << " px high in a " << window.Size.y << " px window");
  // At 1600x900 the view's picture comes first: what does not fit scrolls, with a scrollbar.
  if (window.ScrollMax.y > 0.0f) CHECK(window.ScrollbarY);
  if (window.ScrollMax.x > 0.0f) CHECK(window.ScrollbarX);
  ImGui::GetIO().DisplaySize = ImVec2(2560.0f, 1440.0f);
  for (int frame = 0; frame < 3; ++frame) draw_every_panel(snapshot);
  const ImGuiWindow& large = panel_window(Panel::locks);
  INFO("at 2560x1440: content " << large.ContentSize.y << " px high in a " << large.Size.y << " px window");
  CHECK(large.ScrollMax.y == 0.0f);
  CHECK(large.ScrollMax.x == 0.0f);
}

namespace {

ScenarioResult scenario_result(ScenarioKind kind, bool fix, std::initializer_list<std::pair<std::string, double>> figures) {
  ScenarioResult result;
  result.kind = kind;
  result.fix = fix;
  for (const auto& figure : figures) result.figures.push_back(figure);
  return result;
}

}  // namespace

TEST_CASE("one_core's speedup of 1.43x on a busy pinned core is not shown as the lesson, and says why", "[panels][scenario]") {
  const LessonVerdict busy = judge_lesson(scenario_result(ScenarioKind::one_core, false, {{threadlab::figure::pinned, 1}, {threadlab::figure::speedup, 1.43}}));
  CHECK(busy.match == LessonMatch::differs);
  CHECK(busy.figure == "Speedup 1.43x");
  CHECK(busy.note.find("Other processes share the pinned core") != std::string::npos);

  const LessonVerdict quiet = judge_lesson(scenario_result(ScenarioKind::one_core, false, {{threadlab::figure::pinned, 1}, {threadlab::figure::speedup, 1.02}}));
  CHECK(quiet.match == LessonMatch::as_predicted);
  const LessonVerdict fixed = judge_lesson(scenario_result(ScenarioKind::one_core, true, {{threadlab::figure::pinned, 0}, {threadlab::figure::speedup, 1.9}}));
  CHECK(fixed.match == LessonMatch::as_predicted);
  const LessonVerdict fixed_busy = judge_lesson(scenario_result(ScenarioKind::one_core, true, {{threadlab::figure::pinned, 0}, {threadlab::figure::speedup, 1.05}}));
  CHECK(fixed_busy.match == LessonMatch::differs);
}

TEST_CASE("Every scenario's key figure is judged by what its lesson predicts, with and without the fix", "[panels][scenario]") {
  CHECK(judge_lesson(scenario_result(ScenarioKind::race, false, {{threadlab::figure::lost_updates, 1200}})).match == LessonMatch::as_predicted);
  CHECK(judge_lesson(scenario_result(ScenarioKind::race, false, {{threadlab::figure::lost_updates, 0}})).match == LessonMatch::differs);
  CHECK(judge_lesson(scenario_result(ScenarioKind::race, true, {{threadlab::figure::lost_updates, 0}})).match == LessonMatch::as_predicted);
  CHECK(judge_lesson(scenario_result(ScenarioKind::contention, false,
                                     {{"lock_wait_ms_1_thread", 0.1}, {"lock_wait_ms_4_threads", 900}}))
            .match == LessonMatch::as_predicted);
  CHECK(judge_lesson(scenario_result(ScenarioKind::starvation, false,
                                     {{threadlab::figure::longest_lock_wait_ms, 300}, {threadlab::figure::fair_wait_bound_ms, 2}}))
            .match == LessonMatch::as_predicted);
  CHECK(judge_lesson(scenario_result(ScenarioKind::starvation, true,
                                     {{threadlab::figure::longest_lock_wait_ms, 300}, {threadlab::figure::fair_wait_bound_ms, 2}}))
            .match == LessonMatch::differs);
  CHECK(judge_lesson(scenario_result(ScenarioKind::gil, false, {{"gil_scaling", 1.6}})).match == LessonMatch::differs);
  CHECK(judge_lesson(scenario_result(ScenarioKind::deadlock, false, {{threadlab::figure::recovered, 1}})).match == LessonMatch::as_predicted);
  // Nothing measured yet: no verdict, no colour.
  CHECK(judge_lesson(scenario_result(ScenarioKind::one_core, false, {})).match == LessonMatch::pending);
}
