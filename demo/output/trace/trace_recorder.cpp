#include "output/trace/trace_recorder.hpp"

#include <unistd.h>

#include <algorithm>
#include <unordered_set>

namespace threadlab::app {

namespace {

std::int64_t ns_of(std::chrono::steady_clock::time_point at) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(at.time_since_epoch()).count();
}

// A sample interval the monitor did not give: its nominal length.
constexpr std::int64_t default_sample_ns = 100'000'000;

}  // namespace

std::size_t trace_cost(const TimelineSegment& segment) {
  // A slice; a Lock wait adds its args and a flow (two events).
  if (segment.state != TimelineState::lock_wait) return 110;
  return 560 + 3 * segment.lock_name.size() + segment.holder_name.size() + segment.released_by_name.size();
}

std::size_t trace_cost(const TraceCpuSample& sample) {
  // The core and split counters, and per thread a counter (two slices for a
  // thread threading did not start: the estimate takes the larger).
  return 250 + 30 * sample.core_load_percent.size() + 260 * sample.threads.size();
}

std::size_t trace_cost(const TraceInstant& instant) {
  return 160 + instant.name.size() + instant.text.size() + instant.category.size();
}

TraceRecorder::TraceRecorder(std::string title, std::size_t budget_bytes, std::optional<std::chrono::nanoseconds> keep)
    : budget_(budget_bytes), keep_(keep) {
  recording_.title = std::move(title);
  recording_.pid = static_cast<std::int64_t>(::getpid());
}

void TraceRecorder::name_thread(std::int64_t tid, const std::string& name, TraceThreadKind kind) {
  const auto found = thread_index_.find(tid);
  if (found != thread_index_.end()) {
    TraceThread& known = recording_.threads[found->second];
    // A thread first seen in a CPU sample, before its timeline named it.
    if (known.kind == TraceThreadKind::foreign && kind != TraceThreadKind::foreign) {
      known.kind = kind;
      known.name = name;
      known.order = kind_counts_[static_cast<int>(kind)]++;
    }
    return;
  }
  thread_index_[tid] = recording_.threads.size();
  recording_.threads.push_back({tid, name, kind, kind_counts_[static_cast<int>(kind)]++});
}

void TraceRecorder::extend(std::int64_t begin_ns, std::int64_t end_ns) {
  if (recording_.begin_ns == 0 || begin_ns < recording_.begin_ns) recording_.begin_ns = begin_ns;
  recording_.end_ns = std::max(recording_.end_ns, end_ns);
}

void TraceRecorder::commit(const TimelineSegment& segment) {
  recording_.segments.push_back(segment);
  bytes_ += trace_cost(segment);
  committed_to_[segment.tid] = segment.end_ns;
  extend(segment.begin_ns, segment.end_ns);
}

void TraceRecorder::add_timeline(const TimelineSnapshot& timeline, std::int64_t render_tid) {
  if (render_tid != 0) recording_.render_tid = render_tid;
  std::unordered_set<std::int64_t> seen;
  for (const TimelineLane& lane : timeline.lanes) {
    const TraceThreadKind kind =
        lane.render ? TraceThreadKind::render : lane.daemon ? TraceThreadKind::helper : TraceThreadKind::worker;
    for (const std::int64_t tid : lane.tids) {
      name_thread(tid, lane.name, tid == render_tid ? TraceThreadKind::render
                                                    : (kind == TraceThreadKind::render ? TraceThreadKind::worker : kind));
      seen.insert(tid);
    }
    for (const TimelineSegment& segment : lane.segments) {
      const auto committed = committed_to_.find(segment.tid);
      if (committed != committed_to_.end() && segment.begin_ns < committed->second) continue;
      // The thread's last segment runs to the snapshot's end: still open.
      if (segment.end_ns >= timeline.end_ns) {
        open_segment_[segment.tid] = segment;
      } else {
        commit(segment);
        if (const auto open = open_segment_.find(segment.tid);
            open != open_segment_.end() && open->second.begin_ns <= segment.begin_ns)
          open_segment_.erase(open);
      }
    }
    if (lane.render) {
      for (const std::int64_t at : lane.frames_ns) {
        if (at <= newest_frame_ns_) continue;
        newest_frame_ns_ = at;
        recording_.frames.push_back({at, ++frame_number_});
        bytes_ += trace_frame_cost;
        extend(at, at);
      }
    }
  }
  // A thread gone from the window: its open segment is as long as it got.
  for (auto it = open_segment_.begin(); it != open_segment_.end();) {
    if (seen.count(it->first) == 0) {
      commit(it->second);
      it = open_segment_.erase(it);
    } else {
      ++it;
    }
  }
  std::erase_if(committed_to_, [&seen](const auto& entry) { return seen.count(entry.first) == 0; });
  extend(timeline.end_ns, timeline.end_ns);
  trim();
}

void TraceRecorder::add_cpu_samples(const std::vector<CpuSample>& samples) {
  for (const CpuSample& sample : samples) {
    if (sample.taken_at <= newest_sample_) continue;
    TraceCpuSample kept;
    kept.end_ns = ns_of(sample.taken_at);
    kept.begin_ns = newest_sample_.time_since_epoch().count() != 0 ? ns_of(newest_sample_) : kept.end_ns - default_sample_ns;
    newest_sample_ = sample.taken_at;
    for (const double load : sample.core_load) kept.core_load_percent.push_back(static_cast<float>(load * 100.0));
    std::vector<std::int64_t> threading_tids;
    for (const ThreadCpu& thread : sample.threads) {
      if (!thread_index_.count(thread.tid)) {
        const std::string role = foreign_thread_role(thread.comm);
        name_thread(thread.tid, role.empty() ? thread.comm : thread.comm + " (" + role + ")", TraceThreadKind::foreign);
      }
      const TraceThreadKind kind = recording_.threads[thread_index_[thread.tid]].kind;
      if (kind == TraceThreadKind::worker || kind == TraceThreadKind::helper) threading_tids.push_back(thread.tid);
      kept.threads.push_back({thread.tid, static_cast<float>(thread.cpu_percent),
                              static_cast<float>(thread.run_queue_percent)});
    }
    kept.split = split_process_cpu(sample, recording_.render_tid, threading_tids);
    bytes_ += trace_cost(kept);
    extend(kept.begin_ns, kept.end_ns);
    recording_.cpu.push_back(std::move(kept));
  }
  trim();
}

void TraceRecorder::add_instant(TraceInstant instant) {
  bytes_ += trace_cost(instant);
  extend(instant.at_ns, instant.at_ns);
  recording_.instants.push_back(std::move(instant));
  trim();
}

void TraceRecorder::trim() {
  // The oldest item of the four kinds goes first, until the budget (and
  // the span kept) holds.
  auto& r = recording_;
  const std::int64_t keep_from = keep_ ? r.end_ns - keep_->count() : INT64_MIN;
  while (true) {
    constexpr std::int64_t none = INT64_MAX;
    const std::int64_t segment = r.segments.empty() ? none : r.segments.front().end_ns;
    const std::int64_t frame = r.frames.empty() ? none : r.frames.front().at_ns;
    const std::int64_t cpu = r.cpu.empty() ? none : r.cpu.front().end_ns;
    const std::int64_t instant = r.instants.empty() ? none : r.instants.front().at_ns;
    const std::int64_t oldest = std::min({segment, frame, cpu, instant});
    if (oldest == none || (bytes_ <= budget_ && oldest >= keep_from)) break;
    const bool over_budget = bytes_ > budget_;  // else only older than the span kept
    if (oldest == segment) {
      bytes_ -= trace_cost(r.segments.front());
      r.segments.pop_front();
    } else if (oldest == frame) {
      bytes_ -= trace_frame_cost;
      r.frames.pop_front();
    } else if (oldest == cpu) {
      bytes_ -= trace_cost(r.cpu.front());
      r.cpu.pop_front();
    } else {
      bytes_ -= trace_cost(r.instants.front());
      r.instants.pop_front();
    }
    if (over_budget) {
      r.dropped_before_ns = std::max(r.dropped_before_ns, oldest);
      ++r.dropped_items;
    }
  }
}

namespace {

template <typename Item, typename Keep>
void copy_if(const std::deque<Item>& from, std::deque<Item>& to, Keep keep) {
  for (const Item& item : from)
    if (keep(item)) to.push_back(item);
}

}  // namespace

TraceRecording TraceRecorder::take(std::optional<std::chrono::nanoseconds> last) const {
  TraceRecording out;
  out.title = recording_.title;
  out.pid = recording_.pid;
  out.render_tid = recording_.render_tid;
  out.threads = recording_.threads;
  out.dropped_before_ns = recording_.dropped_before_ns;
  out.dropped_items = recording_.dropped_items;
  out.begin_ns = recording_.begin_ns;
  out.end_ns = recording_.end_ns;
  for (const auto& [tid, segment] : open_segment_) {
    out.end_ns = std::max(out.end_ns, segment.end_ns);
    if (out.begin_ns == 0 || segment.begin_ns < out.begin_ns) out.begin_ns = segment.begin_ns;
  }
  // What was dropped to keep the trace bounded is not part of it.
  if (out.dropped_items > 0) out.begin_ns = std::max(out.begin_ns, out.dropped_before_ns);
  if (last && out.end_ns - last->count() > out.begin_ns) out.begin_ns = out.end_ns - last->count();
  const std::int64_t cut = out.begin_ns;
  copy_if(recording_.segments, out.segments, [cut](const TimelineSegment& s) { return s.end_ns > cut; });
  for (const auto& [tid, segment] : open_segment_)
    if (segment.end_ns > cut) out.segments.push_back(segment);
  for (auto& segment : out.segments) segment.begin_ns = std::max(segment.begin_ns, cut);
  copy_if(recording_.frames, out.frames, [cut](const TraceFrame& f) { return f.at_ns >= cut; });
  copy_if(recording_.cpu, out.cpu, [cut](const TraceCpuSample& c) { return c.begin_ns >= cut; });
  copy_if(recording_.instants, out.instants, [cut](const TraceInstant& i) { return i.at_ns >= cut; });
  // Each thread's segments in time order (open ones were appended last).
  std::stable_sort(out.segments.begin(), out.segments.end(),
                   [](const TimelineSegment& a, const TimelineSegment& b) { return a.begin_ns < b.begin_ns; });
  // Only the threads with something to show.
  std::unordered_set<std::int64_t> used;
  for (const auto& segment : out.segments) used.insert(segment.tid);
  for (const auto& sample : out.cpu)
    for (const auto& thread : sample.threads) used.insert(thread.tid);
  if (!out.frames.empty()) used.insert(out.render_tid);
  std::erase_if(out.threads, [&used](const TraceThread& t) { return used.count(t.tid) == 0; });
  return out;
}

}  // namespace threadlab::app
