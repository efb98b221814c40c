#pragma once
// What every thread did and when: the state history behind the Timeline
// panel. Each thread records its own state changes (a Lock wait begins or
// ends, an Event wait, the render thread's job, the thread finishing) and
// marks (the render thread's frames, each work item done) in rings of its
// own; the snapshot reads them without ever blocking the writer.
//
// What is recorded, and what is sampled:
//   recorded at the moment it happens: waiting for a Lock (and who held it
//   when the wait began), waiting on an Event or a scenario's sleep, the
//   render thread inside a job, frames, work items, finished. Only where a
//   clock is read anyway or the thread is about to block: an uncontended
//   Lock acquire records nothing and reads no clock.
//   sampled every CPU sample (100 ms): how much of each interval a thread
//   spent on a core (running), on a run queue waiting for one (runnable, from
//   /proc/self/task/TID/schedstat through the CpuMonitor), and the rest off
//   the CPU (sleeping or blocked).

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace threadlab {

// A thread's recorded state. "running" means "not in any of the waits
// below": whether it was on a core is what the sampled CPU strip says.
enum class TimelineState : std::uint8_t {
  running,
  job,         // the render thread inside a whole job (single-thread mode: the frozen frames)
  lock_wait,   // blocked in Lock::acquire (Tracy's red)
  event_wait,  // Event::wait, or a scenario thread's sleep
  input_wait,  // blocked in a read (recv on a socket, read on a pipe): waiting for input
  paused,      // a Step-through thread at its gate, waiting for the player to step it
  finished,
};
const char* to_string(TimelineState state);

// Times are steady_clock nanoseconds (the clock of Lab snapshots).
struct TimelineSegment {
  std::int64_t begin_ns = 0, end_ns = 0;
  std::int64_t tid = 0;  // the kernel TID of the thread whose segment it is
  TimelineState state = TimelineState::running;
  // lock_wait only: the Lock, the thread that held it when the wait began
  // (0: it had just been freed), and whether the wait ended with the Lock.
  std::uint64_t lock_id = 0;
  std::string lock_name;
  std::int64_t holder_tid = 0;
  std::string holder_name;
  // A wait that got the Lock: the thread that let it go to this one (a fifo
  // Lock's hand-off names it exactly; for barging, the last holder the
  // waiter saw), 0 when unknown.
  std::int64_t released_by_tid = 0;
  std::string released_by_name;
  bool acquired = true;
  double duration_ms() const { return double(end_ns - begin_ns) / 1e6; }
};

// A stretch in which the thread held a Lock that another thread was waiting
// for (Tracy's yellow): derived from the waiters' lock_wait segments.
struct TimelineContendedHold {
  std::int64_t begin_ns = 0, end_ns = 0;
  std::uint64_t lock_id = 0;
  std::string lock_name;
  std::string waiter_name;  // the lane of the thread that waited
};

// One CPU sample interval of one thread, fractions of the interval in [0, 1].
struct TimelineCpuSlice {
  std::int64_t begin_ns = 0, end_ns = 0;
  float running = 0;   // on a core
  float runnable = 0;  // on a run queue, waiting for a core
};

// Time per state over the recorded window, milliseconds.
struct TimelineTotals {
  double wall_ms = 0;        // the part of the window the thread(s) existed
  double running_ms = 0;     // recorded running (not waiting)
  double job_ms = 0;
  double lock_wait_ms = 0;
  double event_wait_ms = 0;
  double input_wait_ms = 0;  // blocked in a read
  double paused_ms = 0;      // paused by the player (Step through)
  double cpu_ms = 0;         // sampled: on a core
  double runnable_ms = 0;    // sampled: waiting for a core
  std::uint64_t lock_waits = 0;
  std::uint64_t frames = 0;
  std::uint64_t items = 0;
};

// One lane: the threads of one name (a Mandelbrot job's workers are new
// threads each image, with the same names), one after the other.
struct TimelineLane {
  std::string name;
  std::vector<std::int64_t> tids;  // kernel TIDs, oldest first
  bool render = false;             // the render (Lab's) thread
  bool daemon = false;             // a daemon Thread (the Lab's helpers: sampler, probe, writer)
  bool alive = false;              // its newest thread is alive
  std::vector<TimelineSegment> segments;  // oldest first, back to back per thread
  std::vector<TimelineContendedHold> contended_holds;
  std::vector<TimelineCpuSlice> cpu;
  std::vector<std::int64_t> frames_ns;  // frame starts (render thread)
  std::vector<std::int64_t> items_ns;   // work items done
  TimelineTotals totals;
};

struct TimelineSnapshot {
  std::int64_t begin_ns = 0, end_ns = 0;  // the window the lanes cover
  std::vector<TimelineLane> lanes;        // the render thread first, then by first appearance
  bool recording = true;
  double window_ms() const { return double(end_ns - begin_ns) / 1e6; }
};

// One thread's CPU over one sample interval, as the CpuMonitor measured it.
struct ThreadCpuInterval {
  std::int64_t tid = 0;
  std::int64_t begin_ns = 0, end_ns = 0;
  double cpu_percent = 0;        // of one core
  double run_queue_percent = 0;  // of the interval
};

// Everything recorded in [now - window, now], lanes grouped by thread name.
// render_tid: the lane drawn first and marked render (0: none).
TimelineSnapshot take_timeline(std::chrono::nanoseconds window, const std::vector<ThreadCpuInterval>& cpu,
                               std::int64_t render_tid, std::int64_t now_ns);

// Recording on (the default) or off, for everything from now on; for the
// cost measurement (threadlab bench, recording on against off).
void set_timeline_recording(bool on);
bool timeline_recording();

// How long the rings keep a finished thread's history, and at least how far
// back each ring reaches at the rates the demo produces.
inline constexpr std::chrono::seconds timeline_history{12};

// For engine code that knows about states the registry does not: the
// calling thread begins or ends a wait or a job (each reads the clock; call
// only where blocking or a long stretch follows).
void timeline_mark_state(TimelineState state);
// The state the calling thread last marked with timeline_mark_state
// (running when it marked none): what a wait inside it returns to.
TimelineState timeline_marked_state();
// The calling (render) thread begins a frame at `at`.
void timeline_mark_frame(std::chrono::steady_clock::time_point at);

// The calling thread waits (an Event, a condition variable, a sleep) for
// this object's lifetime: an event_wait stretch on its timeline.
class TimelineWaitScope {
 public:
  TimelineWaitScope() { timeline_mark_state(TimelineState::event_wait); }
  ~TimelineWaitScope() { timeline_mark_state(TimelineState::running); }
  TimelineWaitScope(const TimelineWaitScope&) = delete;
  TimelineWaitScope& operator=(const TimelineWaitScope&) = delete;
};

}  // namespace threadlab
