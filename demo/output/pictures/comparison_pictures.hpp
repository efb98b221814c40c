#pragma once
// The mode comparison's pictures and files, GL-free: what was on screen at
// fixed steps of each run, and the composition of side_by_side.png and
// filmstrip.png (commands/compare_command.hpp runs the two modes in the window).
//
// Files written into the output folder, as one set: single.png, multi.png,
// side_by_side.png, filmstrip.png, report.json, report.md.

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

#include "image.hpp"
#include "output/atomic_file.hpp"
#include "output/json/comparison_report.hpp"
#include "threadlab/diagnostics/thread_timeline.hpp"

namespace threadlab::app {

// The filmstrip: the window's Mandelbrot view at ten even steps of each run
// (every 400 ms of the default 4 s), in two rows of five, each large enough
// to read at 100 %. Ten at any duration: the pictures kept while a run goes
// on, and the filmstrip's size, do not grow with --duration.
inline constexpr int filmstrip_pictures = 10;
inline constexpr int filmstrip_columns = 5;
inline constexpr int filmstrip_thumbnail_width = 360;
inline constexpr auto filmstrip_step = std::chrono::milliseconds(400);  // of the default 4 s run
// The step for a run of `length`: a tenth of it.
inline Clock::duration filmstrip_step_for(Clock::duration length) {
  return std::max(length / filmstrip_pictures, Clock::duration(1));
}

// The frames on screen at fixed steps of one run. The render loop reports
// every frame it shows; a step that passes while no new frame is shown has
// the previous frame on screen: the same frame, repeated. Pictures are kept
// as the render thread read them back and developed (flipped, cropped,
// scaled) only after the run, so the run pays nothing but the read.
class FilmstripRecorder {
 public:
  FilmstripRecorder(Clock::time_point start, Clock::duration length, Clock::duration step);

  struct Slot {
    double at_s = 0;                 // since the run started
    std::uint64_t frame_index = 0;   // which frame was on screen
    double frame_age_ms = 0;         // how long that frame had been on screen
    bool repeated = false;           // the same frame as the slot before
    std::shared_ptr<const CapturedFrame> frame;  // null: nothing on screen yet
  };

  // Whether a frame about to be drawn at `drawn_at` needs its picture: a
  // step or the midpoint comes within `horizon`, or frames come further apart
  // than a step (then every frame is on screen at some step). Capturing every frame would
  // slow the very loop being measured.
  bool wants_picture(Clock::time_point drawn_at, Clock::duration horizon) const;
  // A frame has just been shown at `shown_at`; `frame` is its pixels, or
  // null when not captured (the last picture stands in for it).
  void frame_shown(std::uint64_t frame_index, Clock::time_point shown_at, std::shared_ptr<const CapturedFrame> frame);
  // The run ended at `end`: the last frame stayed on screen until then.
  void finish(Clock::time_point end);

  const std::vector<Slot>& slots() const { return slots_; }
  // The window as it was on screen at the middle of the run (full size).
  const std::shared_ptr<const CapturedFrame>& midpoint() const { return midpoint_; }

 private:
  void fill_slots_until(Clock::time_point until);

  Clock::time_point start_;
  Clock::duration length_, step_;
  std::vector<Slot> slots_;
  std::optional<std::uint64_t> on_screen_index_;
  Clock::time_point on_screen_since_{};
  std::shared_ptr<const CapturedFrame> on_screen_;
  std::shared_ptr<const CapturedFrame> midpoint_;
  bool midpoint_taken_ = false;
  // How long the frame before the one on screen stayed: frames further apart
  // than a step (single-thread mode, one frame a job) are each captured, as
  // the frame that will stand at the next steps cannot be told in advance.
  Clock::duration last_frame_interval_{};
};

// One filmstrip picture, developed.
struct FilmstripFrame {
  double at_s = 0;
  std::uint64_t frame_index = 0;
  double frame_age_ms = 0;
  bool repeated = false;
  Image picture;  // the Mandelbrot view's cell of the window; empty: nothing on screen yet
};

// What one mode's run leaves for composition.
struct ModeRun {
  ModeFigures figures;
  std::vector<float> frame_times_ms;  // every frame, in order
  std::vector<FilmstripFrame> filmstrip;
  double filmstrip_step_ms = 400;  // between two pictures of the filmstrip
  Image midpoint;
  std::vector<double> capture_ms;  // what each capture cost the render thread (read-back and copy)
  TimelineSnapshot timeline;       // the last 10 s of every thread, as the run ended
  std::string trace_json;          // the whole run as Chrome Trace Event JSON (output/trace/trace_json.hpp)
};

// Turns the recorder's slots into pictures: the Mandelbrot view's cell of
// each frame (where the default layout puts it), scaled to `width`.
std::vector<FilmstripFrame> develop_filmstrip(const std::vector<FilmstripRecorder::Slot>& slots, int width);

Image compose_side_by_side(const ModeRun& single, const ModeRun& multi);
// Each mode's filmstrip, rows of filmstrip_columns pictures, each stamped
// with its time and, when the frame on screen is an old one, how long the
// window has not responded.
Image compose_filmstrip(const ModeRun& single, const ModeRun& multi);

// Throws std::runtime_error when `folder` is missing or not writable (a
// temporary file is created there and removed, so root is checked too),
// with the reason as one line (for "threadlab: --out: ...").
void check_output_folder(const std::filesystem::path& folder);

// Writes the six files as one set (atomic_file.hpp's write_files_atomically):
// a failure (no space, a size limit: the message says which) leaves the old
// set whole, a success leaves the new one; never a mix.
// `gate` (atomic_file.hpp) is asked before the first rename.
void write_comparison(const std::filesystem::path& folder, const ModeRun& single, const ModeRun& multi,
                      const ComparisonContext& context = {}, const CommitGate& gate = {});

}  // namespace threadlab::app
