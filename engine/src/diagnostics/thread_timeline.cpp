#include "threadlab/diagnostics/thread_timeline.hpp"

#include <algorithm>
#include <array>
#include <deque>
#include <mutex>
#include <unordered_map>

#include "timeline_internal.hpp"

namespace threadlab {
namespace detail {
namespace {

std::atomic<bool> recording{true};

constexpr std::uint64_t state_mask = 0xff;
constexpr std::uint64_t failed_wait_bit = 1u << 8;
constexpr int lock_id_shift = 16;

// Finished threads whose history a timeline may still show. Bounded by age
// (timeline_history) and count: a Mandelbrot job starts new workers every
// image, so a long session ends thousands of threads.
constexpr std::size_t finished_kept_limit = 96;

struct FinishedRecords {
  std::mutex mutex;
  std::deque<std::shared_ptr<ThreadRecord>> records;  // oldest first
};

FinishedRecords& finished_records() {
  static auto* instance = new FinishedRecords;  // threads may end during static destruction
  return *instance;
}

std::int64_t as_signed(std::uint64_t word) { return static_cast<std::int64_t>(word); }

}  // namespace

void timeline_record_state(ThreadRecord& record, TimelineState state, std::int64_t at_ns, std::uint64_t lock_id,
                           std::int64_t holder_tid, bool failed_wait) {
  if (!recording.load(std::memory_order_relaxed)) return;
  const std::uint64_t word = static_cast<std::uint64_t>(state) | (failed_wait ? failed_wait_bit : 0) |
                             (lock_id << lock_id_shift);
  record.timeline.states.push({static_cast<std::uint64_t>(at_ns), word, static_cast<std::uint64_t>(holder_tid)});
}

void timeline_record_mark(ThreadRecord& record, std::int64_t at_ns, bool frame) {
  if (!recording.load(std::memory_order_relaxed)) return;
  record.timeline.marks.push({(static_cast<std::uint64_t>(at_ns) << 1) | (frame ? 1u : 0u)});
}

void timeline_keep_finished(std::shared_ptr<ThreadRecord> record) {
  // A thread that never recorded anything shows as one running stretch from
  // its start and finish times; keeping it costs only the record.
  const std::int64_t now = to_ns(std::chrono::steady_clock::now());
  const std::int64_t too_old = now - std::chrono::nanoseconds(timeline_history).count();
  auto& kept = finished_records();
  std::lock_guard guard(kept.mutex);
  kept.records.push_back(std::move(record));
  while (!kept.records.empty() &&
         (kept.records.size() > finished_kept_limit ||
          kept.records.front()->finished_at_ns.load(std::memory_order_relaxed) < too_old))
    kept.records.pop_front();
}

}  // namespace detail

const char* to_string(TimelineState state) {
  switch (state) {
    case TimelineState::running: return "running";
    case TimelineState::job: return "running the whole job (frozen frames)";
    case TimelineState::lock_wait: return "blocked waiting for a Lock";
    case TimelineState::event_wait: return "waiting on an Event or sleeping";
    case TimelineState::input_wait: return "waiting for input (blocked in a read)";
    case TimelineState::paused: return "paused by you";
    case TimelineState::finished: return "finished";
  }
  return "?";
}

void set_timeline_recording(bool on) { detail::recording.store(on, std::memory_order_relaxed); }
bool timeline_recording() { return detail::recording.load(std::memory_order_relaxed); }

namespace {
thread_local TimelineState marked_state = TimelineState::running;
}  // namespace

TimelineState timeline_marked_state() { return marked_state; }

void timeline_mark_state(TimelineState state) {
  if (state != TimelineState::input_wait) marked_state = state;
  if (!timeline_recording()) return;
  detail::timeline_record_state(detail::current_record(), state, detail::to_ns(std::chrono::steady_clock::now()));
}

void timeline_mark_frame(std::chrono::steady_clock::time_point at) {
  if (!timeline_recording()) return;
  detail::timeline_record_mark(detail::current_record(), detail::to_ns(at), true);
}

namespace {

struct ThreadHistory {
  std::shared_ptr<detail::ThreadRecord> record;
  std::int64_t tid = 0;
  std::string name;
  std::int64_t started_ns = 0, finished_ns = 0;  // finished 0: alive
  bool daemon = false;
};

// One thread's segments in [begin, end], from its state events.
void build_segments(const detail::ThreadRecord& record, std::int64_t begin, std::int64_t end,
                    std::vector<TimelineSegment>& out) {
  std::vector<std::array<std::uint64_t, 3>> events;
  record.timeline.states.read_newest_first(events, [begin](const auto& e) { return detail::as_signed(e[0]) >= begin; });
  std::reverse(events.begin(), events.end());
  TimelineSegment current;
  current.begin_ns = begin;
  const auto close = [&](std::int64_t at) {
    if (at > current.begin_ns && current.state != TimelineState::finished) {
      current.end_ns = at;
      out.push_back(current);
    }
  };
  for (const auto& event : events) {
    const std::int64_t at = std::clamp(detail::as_signed(event[0]), begin, end);
    const auto state = static_cast<TimelineState>(event[1] & detail::state_mask);
    if (current.state == TimelineState::lock_wait) {
      // The event that ends a wait carries who let the Lock go.
      if ((event[1] & detail::failed_wait_bit) != 0) current.acquired = false;
      else current.released_by_tid = detail::as_signed(event[2]);
    }
    close(at);
    current = TimelineSegment{};
    current.begin_ns = at;
    current.state = state;
    if (state == TimelineState::lock_wait) {
      current.lock_id = event[1] >> detail::lock_id_shift;
      current.holder_tid = detail::as_signed(event[2]);
    }
  }
  close(end);
}

void read_marks(const detail::ThreadRecord& record, std::int64_t begin, std::int64_t end, TimelineLane& lane) {
  std::vector<std::array<std::uint64_t, 1>> marks;
  record.timeline.marks.read_newest_first(marks,
                                          [begin](const auto& m) { return detail::as_signed(m[0] >> 1) >= begin; });
  for (auto it = marks.rbegin(); it != marks.rend(); ++it) {
    const std::int64_t at = detail::as_signed((*it)[0] >> 1);
    if (at < begin || at > end) continue;
    ((*it)[0] & 1u ? lane.frames_ns : lane.items_ns).push_back(at);
  }
}

double overlap_ms(std::int64_t a0, std::int64_t a1, std::int64_t b0, std::int64_t b1) {
  return double(std::max<std::int64_t>(0, std::min(a1, b1) - std::max(a0, b0))) / 1e6;
}

// Every thread with history in [begin_ns, now]: the finished ones kept for
// timeline_history and the live ones, each once. The render thread first,
// then the threads doing the work, then the daemons that serve the Lab
// (sampler, probe): a short panel shows the lanes that matter.
std::vector<ThreadHistory> threads_since(std::int64_t begin_ns, std::int64_t render_tid) {
  std::vector<ThreadHistory> threads;
  const auto add = [&](std::shared_ptr<detail::ThreadRecord> record) {
    ThreadHistory history;
    history.tid = record->native_id.load(std::memory_order_relaxed);
    if (history.tid == 0) return;  // not started
    history.started_ns = record->started_at_ns.load(std::memory_order_relaxed);
    if (record->state.load(std::memory_order_relaxed) == ThreadState::finished)
      history.finished_ns = record->finished_at_ns.load(std::memory_order_relaxed);
    if (history.finished_ns != 0 && history.finished_ns < begin_ns) return;
    for (const auto& seen : threads)
      if (seen.record == record) return;
    history.name = record->name();
    history.daemon = record->daemon.load(std::memory_order_relaxed);
    history.record = std::move(record);
    threads.push_back(std::move(history));
  };
  auto& kept = detail::finished_records();
  std::vector<std::shared_ptr<detail::ThreadRecord>> finished;
  {
    std::lock_guard guard(kept.mutex);
    finished.assign(kept.records.begin(), kept.records.end());
  }
  for (auto& record : finished) add(std::move(record));
  for (auto& record : detail::alive_records()) add(std::move(record));
  std::stable_sort(threads.begin(), threads.end(), [render_tid](const ThreadHistory& a, const ThreadHistory& b) {
    if ((a.tid == render_tid) != (b.tid == render_tid)) return a.tid == render_tid;
    if (a.daemon != b.daemon) return !a.daemon;
    return a.started_ns < b.started_ns;
  });
  return threads;
}

// Names for the ids a lane's segments carry: threads by TID, Locks by id
// (a Lock looked up once per snapshot; one that is gone says so).
class SegmentNames {
 public:
  explicit SegmentNames(const std::vector<ThreadHistory>& threads) {
    for (const auto& thread : threads) threads_[thread.tid] = thread.name;
  }

  // The segments from `first` on belong to thread `tid`: name it, and a
  // Lock wait's Lock, holder and releaser.
  void name(std::vector<TimelineSegment>& segments, std::size_t first, std::int64_t tid) {
    for (std::size_t i = first; i < segments.size(); ++i) {
      auto& segment = segments[i];
      segment.tid = tid;
      if (segment.state != TimelineState::lock_wait) continue;
      segment.lock_name = lock_name(segment.lock_id);
      if (const auto holder = threads_.find(segment.holder_tid); holder != threads_.end())
        segment.holder_name = holder->second;
      if (const auto releaser = threads_.find(segment.released_by_tid); releaser != threads_.end())
        segment.released_by_name = releaser->second;
    }
  }

 private:
  const std::string& lock_name(std::uint64_t id) {
    auto found = locks_.find(id);
    if (found == locks_.end()) {
      std::string name = detail::lock_name_by_id(id);
      if (name.empty()) name = "Lock #" + std::to_string(id) + " (gone)";
      found = locks_.emplace(id, std::move(name)).first;
    }
    return found->second;
  }

  std::unordered_map<std::int64_t, std::string> threads_;
  std::unordered_map<std::uint64_t, std::string> locks_;
};

// One lane a thread name, its threads one after the other: their segments
// and marks within the window. Returns each TID's lane.
std::unordered_map<std::int64_t, std::size_t> fill_lanes(TimelineSnapshot& out,
                                                         const std::vector<ThreadHistory>& threads,
                                                         std::int64_t render_tid) {
  SegmentNames names(threads);
  std::unordered_map<std::int64_t, std::size_t> lane_of_tid;
  for (const auto& thread : threads) {
    auto lane = std::find_if(out.lanes.begin(), out.lanes.end(),
                             [&](const TimelineLane& l) { return l.name == thread.name; });
    if (lane == out.lanes.end()) {
      out.lanes.push_back({});
      lane = std::prev(out.lanes.end());
      lane->name = thread.name;
    }
    lane_of_tid[thread.tid] = static_cast<std::size_t>(lane - out.lanes.begin());
    lane->tids.push_back(thread.tid);
    lane->render = lane->render || thread.tid == render_tid;
    lane->daemon = thread.daemon;
    lane->alive = thread.finished_ns == 0;
    const std::int64_t begin = std::max(out.begin_ns, thread.started_ns);
    const std::int64_t end = thread.finished_ns != 0 ? std::min(thread.finished_ns, out.end_ns) : out.end_ns;
    if (end <= begin) continue;
    const std::size_t first_new = lane->segments.size();
    build_segments(*thread.record, begin, end, lane->segments);
    names.name(lane->segments, first_new, thread.tid);
    read_marks(*thread.record, begin, end, *lane);
    lane->totals.wall_ms += double(end - begin) / 1e6;
  }
  return lane_of_tid;
}

// Tracy's yellow: the holder's side of every wait that named it.
void add_contended_holds(TimelineSnapshot& out, const std::unordered_map<std::int64_t, std::size_t>& lane_of_tid) {
  for (const auto& lane : out.lanes) {
    for (const auto& segment : lane.segments) {
      if (segment.state != TimelineState::lock_wait || segment.holder_tid == 0) continue;
      const auto holder = lane_of_tid.find(segment.holder_tid);
      if (holder == lane_of_tid.end()) continue;
      out.lanes[holder->second].contended_holds.push_back(
          {segment.begin_ns, segment.end_ns, segment.lock_id, segment.lock_name, lane.name});
    }
  }
}

void add_cpu_slices(TimelineSnapshot& out, const std::vector<ThreadCpuInterval>& cpu,
                    const std::unordered_map<std::int64_t, std::size_t>& lane_of_tid) {
  for (const auto& interval : cpu) {
    const auto lane = lane_of_tid.find(interval.tid);
    if (lane == lane_of_tid.end() || interval.end_ns <= out.begin_ns || interval.begin_ns >= out.end_ns) continue;
    out.lanes[lane->second].cpu.push_back({interval.begin_ns, interval.end_ns,
                                           static_cast<float>(std::clamp(interval.cpu_percent / 100.0, 0.0, 1.0)),
                                           static_cast<float>(std::clamp(interval.run_queue_percent / 100.0, 0.0, 1.0))});
  }
}

// The lane's holds and CPU slices in time order (so that a drawing can merge
// what shares a pixel), and its time per state.
void finish_lane(TimelineLane& lane, std::int64_t begin_ns, std::int64_t end_ns) {
  std::sort(lane.contended_holds.begin(), lane.contended_holds.end(),
            [](const TimelineContendedHold& a, const TimelineContendedHold& b) { return a.begin_ns < b.begin_ns; });
  std::sort(lane.cpu.begin(), lane.cpu.end(),
            [](const TimelineCpuSlice& a, const TimelineCpuSlice& b) { return a.begin_ns < b.begin_ns; });
  auto& totals = lane.totals;
  for (const auto& segment : lane.segments) {
    const double ms = segment.duration_ms();
    switch (segment.state) {
      case TimelineState::running: totals.running_ms += ms; break;
      case TimelineState::job: totals.job_ms += ms; break;
      case TimelineState::lock_wait:
        totals.lock_wait_ms += ms;
        ++totals.lock_waits;
        break;
      case TimelineState::event_wait: totals.event_wait_ms += ms; break;
      case TimelineState::input_wait: totals.input_wait_ms += ms; break;
      case TimelineState::paused: totals.paused_ms += ms; break;
      case TimelineState::finished: break;
    }
  }
  for (const auto& slice : lane.cpu) {
    const double ms = overlap_ms(slice.begin_ns, slice.end_ns, begin_ns, end_ns);
    totals.cpu_ms += ms * slice.running;
    totals.runnable_ms += ms * slice.runnable;
  }
  totals.frames = lane.frames_ns.size();
  totals.items = lane.items_ns.size();
}

}  // namespace

TimelineSnapshot take_timeline(std::chrono::nanoseconds window, const std::vector<ThreadCpuInterval>& cpu,
                               std::int64_t render_tid, std::int64_t now_ns) {
  TimelineSnapshot out;
  out.end_ns = now_ns;
  out.begin_ns = now_ns - window.count();
  out.recording = timeline_recording();
  const std::vector<ThreadHistory> threads = threads_since(out.begin_ns, render_tid);
  const auto lane_of_tid = fill_lanes(out, threads, render_tid);
  add_contended_holds(out, lane_of_tid);
  add_cpu_slices(out, cpu, lane_of_tid);
  for (auto& lane : out.lanes) finish_lane(lane, out.begin_ns, out.end_ns);
  return out;
}

}  // namespace threadlab
