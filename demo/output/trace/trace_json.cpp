#include "output/trace/trace_json.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
#include <unordered_map>
#include <vector>

#include "output/atomic_file.hpp"
#include "output/trace/trace_events.hpp"

namespace threadlab::app {

namespace {

// Slices end this much early, so that two back to back never overlap by
// the nanosecond a reader's rounding of microseconds may add; a slice
// nested in a frame ends at least 2 ns before the frame.
constexpr std::int64_t slice_gap_ns = 1;
constexpr std::int64_t nested_gap_ns = 2;
// A sampled share below this is not drawn as a slice.
constexpr float smallest_share_percent = 0.5f;

std::string state_name(const TimelineSegment& segment) {
  switch (segment.state) {
    case TimelineState::running: return "running";
    case TimelineState::job: return "job (the whole job, on the render thread)";
    case TimelineState::lock_wait: return "blocked on Lock " + segment.lock_name;
    case TimelineState::event_wait: return "Event wait / sleeping";
    case TimelineState::input_wait: return "waiting for input (blocked in a read)";
    case TimelineState::paused: return "paused by you (Step through)";
    case TimelineState::finished: return "finished";
  }
  return "?";
}

std::string thread_label(const std::string& name, std::int64_t tid) {
  if (tid == 0) return "nobody (the Lock was free)";
  return fmt::format("{} (tid {})", name.empty() ? "a thread gone from the trace" : name, tid);
}

std::string lock_wait_args(const TimelineSegment& s) {
  return fmt::format(R"({{"lock":{},"lock_id":{},"holder_when_wait_began":{},"released_by":{},"acquired":{}}})",
                     json_string(s.lock_name), s.lock_id, json_string(thread_label(s.holder_name, s.holder_tid)),
                     json_string(s.released_by_tid != 0 ? thread_label(s.released_by_name, s.released_by_tid)
                                                        : std::string("not known")),
                     s.acquired ? "true" : "false");
}

void write_state(TraceEvents& events, const TimelineSegment& segment, std::int64_t begin, std::int64_t end) {
  events.slice(segment.tid, state_name(segment), "state", begin, end,
               segment.state == TimelineState::lock_wait ? lock_wait_args(segment) : std::string{});
}

// The render thread: its frames at the top, its states other than running
// nested in them; before the first frame and after the last, its states.
void write_render_thread(TraceEvents& events, const TraceRecording& r, const std::vector<const TimelineSegment*>& own) {
  std::vector<std::int64_t> starts;
  for (const TraceFrame& frame : r.frames) starts.push_back(frame.at_ns);
  const std::int64_t last_end = own.empty() ? r.end_ns : std::max(own.back()->end_ns, starts.empty() ? 0 : starts.back());
  if (!starts.empty()) starts.push_back(std::max(last_end, starts.back() + 1));
  for (std::size_t i = 0; i + 1 < starts.size(); ++i) {
    const auto& frame = r.frames[i];
    events.slice(r.render_tid, fmt::format("frame {}", frame.number), "frame", starts[i], starts[i + 1] - slice_gap_ns,
                 fmt::format(R"({{"frame":{},"frame_ms":{:.3f}}})", frame.number, double(starts[i + 1] - starts[i]) / 1e6));
  }
  const std::int64_t first = starts.empty() ? INT64_MAX : starts.front();
  const std::int64_t last = starts.empty() ? INT64_MIN : starts.back();
  std::size_t frame = 0;
  for (const TimelineSegment* segment : own) {
    if (segment->begin_ns < first) write_state(events, *segment, segment->begin_ns, std::min(segment->end_ns, first) - slice_gap_ns);
    if (segment->end_ns > last) write_state(events, *segment, std::max(segment->begin_ns, last), segment->end_ns - slice_gap_ns);
    if (segment->state == TimelineState::running) continue;
    // The part inside the frames, cut at each frame's edges.
    while (frame + 1 < starts.size() && starts[frame + 1] <= segment->begin_ns) ++frame;
    for (std::size_t f = frame; f + 1 < starts.size() && starts[f] < segment->end_ns; ++f) {
      const std::int64_t begin = std::max(segment->begin_ns, starts[f]);
      const std::int64_t end = std::min(segment->end_ns - slice_gap_ns, starts[f + 1] - nested_gap_ns - slice_gap_ns);
      if (end > begin) write_state(events, *segment, begin, end);
    }
  }
}

// Where on the releaser's slices a flow to a wake-up at `at` starts: at
// `at` itself, or where its last slice before then ended (the releaser may
// have ended before the waiter woke). None: no slice of it before `at`.
std::optional<std::int64_t> release_point(const std::vector<const TimelineSegment*>& own, std::int64_t at) {
  const auto after = std::upper_bound(own.begin(), own.end(), at,
                                      [](std::int64_t t, const TimelineSegment* s) { return t < s->begin_ns; });
  if (after == own.begin()) return std::nullopt;
  const TimelineSegment& last = **std::prev(after);
  const std::int64_t point = std::min(at, last.end_ns - 2 * slice_gap_ns);
  if (point < last.begin_ns) return std::nullopt;
  return point;
}

// From the thread that let the Lock go to the waiter it woke, at the end of
// the wait; only where the releaser's own slices are in the trace.
void write_flows(TraceEvents& events, const TraceRecording& r,
                 const std::unordered_map<std::int64_t, std::vector<const TimelineSegment*>>& by_thread) {
  std::uint64_t id = 0;
  for (const TimelineSegment& s : r.segments) {
    if (s.state != TimelineState::lock_wait || !s.acquired || s.released_by_tid == 0 || s.released_by_tid == s.tid)
      continue;
    const std::int64_t at = s.end_ns - 4 * slice_gap_ns;
    if (at <= s.begin_ns) continue;
    const auto releaser = by_thread.find(s.released_by_tid);
    if (releaser == by_thread.end()) continue;
    const auto released = release_point(releaser->second, at);
    if (!released) continue;
    events.flow(++id, s.released_by_tid, *released, s.tid, at, "Lock released to the waiter it woke", s.lock_name);
  }
}

void write_threads(TraceEvents& events, const TraceRecording& r) {
  std::unordered_map<std::int64_t, std::vector<const TimelineSegment*>> by_thread;
  for (const TimelineSegment& s : r.segments) by_thread[s.tid].push_back(&s);
  for (auto& [tid, own] : by_thread) {
    std::stable_sort(own.begin(), own.end(),
                     [](const TimelineSegment* a, const TimelineSegment* b) { return a->begin_ns < b->begin_ns; });
    if (tid == r.render_tid && !r.frames.empty()) {
      write_render_thread(events, r, own);
      continue;
    }
    for (const TimelineSegment* segment : own) write_state(events, *segment, segment->begin_ns, segment->end_ns - slice_gap_ns);
  }
  if (r.frames.size() > 0 && by_thread.count(r.render_tid) == 0) write_render_thread(events, r, {});
  write_flows(events, r, by_thread);
}

void write_metadata(TraceEvents& events, const TraceRecording& r) {
  events.metadata(0, "process_name", fmt::format(R"({{"name":{}}})", json_string("threadlab: " + r.title)));
  for (const TraceThread& thread : r.threads) {
    static constexpr std::uint64_t kind_base[] = {0, 10, 100000, 200000};
    events.metadata(thread.tid, "thread_name", fmt::format(R"({{"name":{}}})", json_string(thread.name)));
    events.metadata(thread.tid, "thread_sort_index",
                    fmt::format(R"({{"sort_index":{}}})", kind_base[static_cast<int>(thread.kind)] + thread.order));
  }
}

void write_counters(TraceEvents& events, const TraceRecording& r) {
  std::unordered_map<std::int64_t, const TraceThread*> threads;
  for (const TraceThread& thread : r.threads) threads[thread.tid] = &thread;
  for (const TraceCpuSample& sample : r.cpu) {
    std::string cores;
    for (std::size_t core = 0; core < sample.core_load_percent.size(); ++core)
      cores += fmt::format(R"({}"core {}":{:.1f})", core ? "," : "", core, sample.core_load_percent[core]);
    events.counter("CPU load per core (% busy)", sample.begin_ns, "{" + cores + "}");
    events.counter("process CPU (% of one core)", sample.begin_ns,
                   fmt::format(R"j({{"workers (threading)":{:.1f},"render thread":{:.1f},"other threads (GL driver)":{:.1f}}})j",
                               sample.split.workers_percent, sample.split.render_percent, sample.split.other_percent));
    for (const TraceThreadCpu& cpu : sample.threads) {
      const auto thread = threads.find(cpu.tid);
      if (thread == threads.end()) continue;
      const float on = std::clamp(cpu.on_core_percent, 0.0f, 100.0f);
      const float waiting = std::clamp(cpu.waiting_for_core_percent, 0.0f, 100.0f - on);
      if (thread->second->kind != TraceThreadKind::foreign) {
        events.counter(fmt::format("CPU of {} (% of the sample)", thread->second->name), sample.begin_ns,
                       fmt::format(R"({{"on a core":{:.1f},"waiting for a core":{:.1f}}})", on, waiting));
        continue;
      }
      // Sampled shares as slices: how much of the interval, not where in it.
      const double length = double(sample.end_ns - sample.begin_ns);
      const auto on_end = std::min(sample.end_ns, sample.begin_ns + static_cast<std::int64_t>(length * on / 100.0));
      const auto waiting_end = std::min(sample.end_ns, on_end + static_cast<std::int64_t>(length * waiting / 100.0));
      const std::string args = fmt::format(
          R"({{"on_a_core_percent":{:.1f},"waiting_for_a_core_percent":{:.1f},"sampled":"shares of the {:.0f} ms sample; where in it is not known"}})",
          on, waiting, length / 1e6);
      if (on >= smallest_share_percent) events.slice(cpu.tid, "on a core", "sampled", sample.begin_ns, on_end - slice_gap_ns, args);
      if (waiting >= smallest_share_percent)
        events.slice(cpu.tid, "waiting for a core", "sampled", on_end, waiting_end - slice_gap_ns, args);
    }
  }
}

void write_instants(TraceEvents& events, const TraceRecording& r) {
  if (r.dropped_items > 0) {
    events.instant(0, "older history dropped", "trace", r.begin_ns,
                   fmt::format(R"({{"text":{}}})", json_string(fmt::format(
                                                       "{} older items were dropped to keep the trace bounded; "
                                                       "the trace is whole from here on", r.dropped_items))));
  }
  for (const TraceInstant& instant : r.instants)
    events.instant(instant.tid, instant.name, instant.category, instant.at_ns,
                   fmt::format(R"({{"text":{}}})", json_string(instant.text)));
}

}  // namespace

std::string trace_json_text(const TraceRecording& recording) {
  TraceEvents events(recording.pid, recording.begin_ns, recording.end_ns);
  write_metadata(events, recording);
  write_threads(events, recording);
  write_counters(events, recording);
  write_instants(events, recording);
  return events.finish(fmt::format(
      R"({{"threadlab":{{"title":{},"clock":"steady clock; ts in microseconds from the trace's start","covers_s":{:.3f},"dropped_items":{},"note":{}}}}})",
      json_string(recording.title), double(recording.end_ns - recording.begin_ns) / 1e9, recording.dropped_items,
      json_string(recording.dropped_items > 0
                      ? "older history was dropped to keep the trace under 50 MB: it is whole from its start on"
                      : "every thread's history since the recording began")));
}

void write_trace_file(const std::filesystem::path& file, const TraceRecording& recording) {
  write_file_atomically(file, trace_json_text(recording));
}

}  // namespace threadlab::app
