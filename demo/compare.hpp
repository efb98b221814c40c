#pragma once
// The mode comparison's pictures and files, GL-free: what was on screen at
// fixed steps of each run, and the composition of side_by_side.png and
// filmstrip.png (compare_session.hpp runs the two modes in the window).
//
// Files written into the output folder, as one set: single.png, multi.png,
// side_by_side.png, filmstrip.png, report.json, report.md.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <vector>

#include "cli.hpp"
#include "image.hpp"
#include "report.hpp"

namespace threadlab::app {

inline constexpr auto filmstrip_step = std::chrono::milliseconds(100);
inline constexpr int filmstrip_frames = 20;

// The frames on screen at fixed steps of one run. The render loop reports
// every frame it shows; a step that passes while no new frame is shown has
// the previous frame on screen: the same frame, repeated.
class FilmstripRecorder {
 public:
  FilmstripRecorder(Clock::time_point start, Clock::duration length, Clock::duration step,
                    int thumbnail_width);

  struct Slot {
    double at_s = 0;                 // since the run started
    std::uint64_t frame_index = 0;   // which frame was on screen
    double frame_age_ms = 0;         // how long that frame had been on screen
    bool repeated = false;           // the same frame as the slot before
    Image thumbnail;
  };

  // Whether a frame shown at `shown_at` needs its picture: a step or the
  // midpoint comes within `horizon`. Capturing every frame would slow the
  // very loop being measured.
  bool wants_picture(Clock::time_point shown_at, Clock::duration horizon) const;
  // A frame has just been shown at `shown_at`; `frame` is what the window
  // shows, or null when not captured (the last picture stands in for it).
  void frame_shown(std::uint64_t frame_index, Clock::time_point shown_at, const Image* frame);
  // The run ended at `end`: the last frame stayed on screen until then.
  void finish(Clock::time_point end);

  const std::vector<Slot>& slots() const { return slots_; }
  // The window as it was on screen at the middle of the run (full size).
  const Image& midpoint() const { return midpoint_; }

 private:
  void fill_slots_until(Clock::time_point until);

  Clock::time_point start_;
  Clock::duration length_, step_;
  int thumbnail_width_;
  std::vector<Slot> slots_;
  std::optional<std::uint64_t> on_screen_index_;
  Clock::time_point on_screen_since_{};
  Image on_screen_;
  Image midpoint_;
  bool midpoint_taken_ = false;
};

// What one mode's run leaves for composition.
struct ModeRun {
  ModeFigures figures;
  std::vector<float> frame_times_ms;  // every frame, in order
  std::vector<FilmstripRecorder::Slot> slots;
  Image midpoint;
};

Image compose_side_by_side(const ModeRun& single, const ModeRun& multi);
// Up to `frames` consecutive slots per mode, around the middle of the run.
Image compose_filmstrip(const ModeRun& single, const ModeRun& multi, int frames = filmstrip_frames);

// Throws std::runtime_error when `folder` is missing or not writable (a
// temporary file is created there and removed, so root is checked too),
// with the reason as one line (for "threadlab: --out: ...").
void check_output_folder(const std::filesystem::path& folder);

// Writes the six files as one set (atomic_file.hpp's write_files_atomically):
// a failure (no space, a size limit: the message says which) leaves the old
// set whole, a success leaves the new one; never a mix.
void write_comparison(const std::filesystem::path& folder, const ModeRun& single, const ModeRun& multi);

}  // namespace threadlab::app
