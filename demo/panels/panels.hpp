#pragma once
// Every panel draws its read-only slice of the LabSnapshot (panel_slices.hpp);
// none owns a thread or a Lock. A panel that offers controls returns what the
// user asked for, and the app applies it to the Lab. One panel, one file:
// demo/panels/<name>_panel.cpp.

#include <imgui.h>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "layout/layout.hpp"
#include "panel_slices.hpp"
#include "threadlab/lab/lab.hpp"

namespace threadlab::ui {

// What the Controls panel asks the app to do this frame.
struct ControlRequests {
  std::optional<Page> page;
  std::optional<Mode> mode;
  std::optional<WorkloadKind> workload;
  std::optional<int> workers;
  std::optional<WorkerPriority> priority;
  bool start = false;
  bool cancel = false;
  bool reset_view = false;
  bool screenshot = false;
  bool save_trace = false;  // the last 30 s as a Perfetto trace
  bool compare = false;
};

// What the Mandelbrot view asks for (drag to pan, wheel to zoom).
struct ViewRequests {
  // pan: how far the view's centre moves this frame, in image pixels, ready
  // for Lab::pan_pixels: minus the mouse drag, so that the picture follows
  // the mouse (dragging right gives pan_dx < 0).
  double pan_dx = 0, pan_dy = 0;  // image pixels
  std::optional<ImVec2> zoom_at;  // image pixel under the mouse
  double zoom_factor = 1.0;       // < 1 zooms in
};

ControlRequests draw_controls_panel(const ControlsFigures& controls);
// Single-thread mode between two jobs (JobFigures::next_job_due): "The last
// job froze the window for 1.9 s; the next starts now: ...", and the next job.
std::string between_jobs_text(const ControlsFigures& controls);
std::string next_job_text(const ControlsFigures& controls);
void draw_threads_panel(const ThreadsFigures& threads);
void draw_cores_panel(const CoresFigures& cores);
void draw_locks_panel(const LocksFigures& locks);
// Inside the Locks panel: the Lock-order inversions found so far (lock_order_view.cpp).
void draw_lock_order_inversions(std::span<const LockOrderInversion> inversions);
// The Locks panel's one-line reading of the main page's waits (what the
// numbers mean: near zero is fine-grained locking at work); "" on a
// scenario page, which explains its own Locks.
std::string lock_reading(const LocksFigures& locks);
void draw_frames_panel(const FramesFigures& frames);
// The Frames panel's meter: "Not responding for 4,403 ms: a freeze that just
// ended", a live "Not responding for ...", or "Responding (last freeze ...)".
std::string responding_text(const FramesFigures& frames);
// The spinner and wall clock: something always moves, so a freeze shows in a still picture.
// frame_times_ms: the render thread's frames, oldest first (the last one is shown).
void draw_heartbeat_panel(std::span<const float> frame_times_ms, double seconds_since_start);
// texture may be 0 (headless tests); image_size is the Mandelbrot image in pixels.
ViewRequests draw_mandelbrot_panel(const CentreViewFigures& centre, ImTextureID texture, ImVec2 image_size);
void draw_primes_panel(const PrimesFigures& primes);
// What every thread did over the last 2-10 s, one lane per thread (timeline_panel.cpp).
void draw_timeline_panel(const TimelineSnapshot& timeline);
// A Timeline lane's height: the room shared by the lanes, but at least 1.25
// and at most 2 font heights (more lanes than room scroll).
float timeline_lane_height(float room, std::size_t lanes, float font_size);

// The centre view of the primes workload (drawn by draw_mandelbrot_panel in
// the same window when primes is the workload): a grid of the segments that
// fills in, coloured by the thread that sieved each, with a legend.
struct PrimesLegendEntry {
  std::string name;       // the thread's name ("primes-1", "MainThread (render thread)")
  std::int64_t tid = 0;   // kernel TID
  std::uint64_t segments = 0;  // segments it sieved in the current job
  ImU32 colour = 0;
};
// One entry per thread that sieved a segment, by name; colours by position.
std::vector<PrimesLegendEntry> primes_legend(const PrimesGridFigures& primes);
// The same for any items: `doers` holds the TID that did each (0: not done).
std::vector<PrimesLegendEntry> thread_legend(const ThreadNames& names, std::span<const std::int64_t> doers);
// Each entry as a colour swatch and "NAME: N UNIT (P % of those done)",
// `done` being the items finished in all.
void draw_thread_legend(const std::vector<PrimesLegendEntry>& legend, std::uint64_t done, const char* unit);
struct PrimesGridShape {
  int columns = 0, rows = 0;
  float cell = 0.0f;  // side of a square cell, whole pixels
};
// The grid with the largest square cells that holds `segments` in `room`.
PrimesGridShape primes_grid_shape(std::size_t segments, ImVec2 room);
void draw_primes_view(const PrimesGridFigures& primes);
// The centre view of the io workload (io_view.cpp): one cell per file,
// filling as its bytes arrive, coloured by the thread that fetched it.
void draw_io_view(const IoFilesFigures& io);

// What the Scenario page asks for; the app applies it to the Lab.
struct ScenarioRequests {
  std::optional<bool> fix;  // the fix toggle changed: run again with it
  bool run = false;         // start (again) with the current settings
  bool stop = false;
  bool break_deadlock = false;
};
// The page of one scenario: what happens and why, the fix toggle, its
// figures; for a deadlock, the cycle drawn as a wait-for graph.
ScenarioRequests draw_scenario_panel(const ScenarioSnapshot& snapshot);

// The Step-through page (stepper_panel.cpp): the threads as columns of
// statements, Step / Undo / Reset / Find a losing schedule, the shared
// state and the outcome; in the scenario panel's place.
stepping::StepRequest draw_stepper_panel(const stepping::StepperSnapshot& snapshot);

// What one frame of the panels asks for; the app applies it after the frame.
struct FrameRequests {
  ControlRequests controls;
  ViewRequests view;
  ScenarioRequests scenario;  // only on a scenario page
  stepping::StepRequest stepper;  // only on the Step-through page
};
// The Mandelbrot image the centre view shows: its texture (0 in headless
// tests) and its size in pixels.
struct CentreImage {
  ImTextureID texture{};
  ImVec2 size;
};
// Every panel, once, each with its slice of one snapshot (set_default_layout
// included): the only place the panels are drawn from, so the window, the
// headless tests and the panel benchmark draw the same frame. Call between
// ImGui::NewFrame() and ImGui::Render().
FrameRequests draw_all_panels(const LabSnapshot& snapshot, double seconds_since_start, const CentreImage& image);

// A scenario's key figure judged against what its lesson predicts (with or
// without the fix), so the page never shows the opposite of its lesson as a
// success: as_predicted is drawn green, differs amber with a note on what
// else moved it (other processes, pinning, a busy machine).
// too_short: measured for too short a time to judge; no colour, a note says so.
enum class LessonMatch { pending, as_predicted, differs, too_short };
struct LessonVerdict {
  LessonMatch match = LessonMatch::pending;
  std::string figure;  // the figure judged, with its value: "Speedup 1.43x"
  std::string note;    // what the lesson predicts, and what changed it if it differs
};
LessonVerdict judge_lesson(const ScenarioResult& result);

// The line along the window's foot (status_line.cpp): the UI scale with
// its keys, and the toast, drawn at toast_alpha (it fades) over no figure.
void draw_status_line(std::string_view toast, float toast_alpha, float ui_scale);

// Shared widgets: a "(?)" marker with a tooltip, as in imgui_demo.cpp.
void help_marker(const char* text);

// A row of buttons of which exactly one is selected (the mode toggle).
// Returns the index clicked when it differs from `selected`.
std::optional<int> segmented_choice(const char* id, std::initializer_list<const char*> labels, int selected);

}  // namespace threadlab::ui
