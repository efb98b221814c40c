#pragma once
// The Timeline's colours, shared by the panel (ImGui) and the comparison
// picture (demo/timeline_strip.cpp), so both read the same way. Lock
// colours follow Tracy (red: blocked waiting; yellow: held while another
// thread waits; Tracy's green, held with nobody waiting, is not drawn: an
// uncontended acquire records nothing, so that it stays one atomic
// instruction). CPU colours follow Perfetto's thread states (Running dark
// green, Runnable lime green; Sleeping is left blank).

#include <cstdint>

#include "threadlab/diagnostics/thread_timeline.hpp"

namespace threadlab::ui::timeline_colours {

struct Rgb {
  std::uint8_t r, g, b;
};

inline constexpr Rgb running{88, 104, 140};        // recorded: not in any wait
inline constexpr Rgb job{140, 96, 210};            // the render thread inside the whole job
inline constexpr Rgb lock_wait{222, 45, 38};       // Tracy: blocked waiting for a Lock
inline constexpr Rgb contended_hold{235, 200, 40}; // Tracy: holds a Lock another thread waits for
inline constexpr Rgb event_wait{62, 64, 74};       // waiting on an Event, sleeping
inline constexpr Rgb input_wait{40, 150, 200};     // blocked in a read: waiting for input
inline constexpr Rgb paused{60, 150, 220};         // Step through: at its gate until the player steps it
inline constexpr Rgb cpu_running{53, 160, 52};     // Perfetto: Running (on a core)
inline constexpr Rgb cpu_runnable{170, 200, 52};   // Perfetto: Runnable (waiting for a core)
inline constexpr Rgb frame_tick{200, 200, 205};    // a frame began; 16.7 ms or less since the last
inline constexpr Rgb frame_slow{240, 180, 60};     // more than 16.7 ms since the last frame
inline constexpr Rgb frame_frozen{230, 60, 50};    // more than 50 ms: a freeze
inline constexpr Rgb item_tick{230, 230, 235};     // a work item (tile, segment) done

inline constexpr double smooth_frame_ms = 16.7;  // 60 frames a second
inline constexpr double frozen_frame_ms = 50.0;  // the frames figure's "over 50 ms"

inline Rgb of(TimelineState state) {
  switch (state) {
    case TimelineState::running: return running;
    case TimelineState::job: return job;
    case TimelineState::lock_wait: return lock_wait;
    case TimelineState::event_wait: return event_wait;
    case TimelineState::input_wait: return input_wait;
    case TimelineState::paused: return paused;
    case TimelineState::finished: break;
  }
  return event_wait;
}

inline Rgb of_frame_gap(double gap_ms) {
  if (gap_ms > frozen_frame_ms) return frame_frozen;
  if (gap_ms > smooth_frame_ms + 0.5) return frame_slow;
  return frame_tick;
}

}  // namespace threadlab::ui::timeline_colours
