#include "threadlab/diagnostics/deadlock_detector.hpp"

#include <algorithm>
#include <stdexcept>
#include <stop_token>
#include <unordered_map>

#include "threading/registry_internal.hpp"

namespace threadlab {

namespace {

constexpr std::size_t no_edge = static_cast<std::size_t>(-1);

// Which thread each thread waits for: edge[i] is the index in `threads` of
// the holder of the Lock thread i waits for, or no_edge.
struct WaitForGraph {
  std::vector<std::size_t> edge;
  std::vector<const LockStats*> waited_lock;  // the Lock thread i waits for, or nullptr
};

WaitForGraph build_graph(const std::vector<ThreadInfo>& threads, const std::vector<LockStats>& locks) {
  std::unordered_map<std::int64_t, std::size_t> thread_by_native_id;
  for (std::size_t i = 0; i < threads.size(); ++i) {
    if (threads[i].alive && threads[i].native_id != 0) thread_by_native_id.emplace(threads[i].native_id, i);
  }
  std::unordered_map<std::uint64_t, const LockStats*> lock_by_id;
  for (const auto& lock : locks) lock_by_id.emplace(lock.id, &lock);

  WaitForGraph graph{std::vector<std::size_t>(threads.size(), no_edge),
                     std::vector<const LockStats*>(threads.size(), nullptr)};
  for (std::size_t i = 0; i < threads.size(); ++i) {
    const ThreadInfo& thread = threads[i];
    if (!thread.alive || thread.state != ThreadState::waiting_for_lock || thread.waiting_for_lock_id == 0) continue;
    const auto lock = lock_by_id.find(thread.waiting_for_lock_id);
    if (lock == lock_by_id.end() || !lock->second->locked || lock->second->holder_native_id == 0) continue;
    // Nobody is counted blocked on it: the snapshot caught the thread just
    // after its acquire returned (it may even hold the Lock already).
    if (lock->second->waiters == 0) continue;
    const auto holder = thread_by_native_id.find(lock->second->holder_native_id);
    // Held by a thread that has ended or is unknown: no cycle goes through it.
    if (holder == thread_by_native_id.end()) continue;
    graph.edge[i] = holder->second;
    graph.waited_lock[i] = lock->second;
  }
  return graph;
}

LockRef ref(const LockStats& lock) { return {lock.id, lock.name}; }

// The cycle through `members` (indices in wait-for order), rotated so that
// the thread listed first in `threads` leads.
DeadlockCycle make_cycle(std::vector<std::size_t> members, const std::vector<ThreadInfo>& threads,
                         const WaitForGraph& graph) {
  std::rotate(members.begin(), std::min_element(members.begin(), members.end()), members.end());
  DeadlockCycle cycle;
  for (std::size_t k = 0; k < members.size(); ++k) {
    const std::size_t thread = members[k];
    const std::size_t previous = members[(k + members.size() - 1) % members.size()];
    cycle.links.push_back({threads[thread].name, threads[thread].native_id, ref(*graph.waited_lock[previous]),
                           ref(*graph.waited_lock[thread])});
  }
  return cycle;
}

bool same_cycle(const DeadlockCycle& a, const DeadlockCycle& b) {
  return std::equal(a.links.begin(), a.links.end(), b.links.begin(), b.links.end(),
                    [](const LockOrderStep& x, const LockOrderStep& y) {
                      return x.native_id == y.native_id && x.wanted.id == y.wanted.id &&
                             x.held.id == y.held.id;
                    });
}

std::vector<std::uint64_t> acquisitions_of(const DeadlockCycle& cycle, const std::vector<LockStats>& locks) {
  std::vector<std::uint64_t> out;
  for (const auto& link : cycle.links) {
    const auto lock = std::find_if(locks.begin(), locks.end(),
                                   [&](const LockStats& stats) { return stats.id == link.wanted.id; });
    out.push_back(lock == locks.end() ? 0 : lock->acquisitions);
  }
  return out;
}

}  // namespace

std::vector<DeadlockCycle> find_deadlocks(const std::vector<ThreadInfo>& threads,
                                          const std::vector<LockStats>& locks) {
  const WaitForGraph graph = build_graph(threads, locks);
  enum class Mark { unvisited, on_path, done };
  std::vector<Mark> mark(threads.size(), Mark::unvisited);
  // Out-degree is at most one, so following edges from each unvisited thread
  // either ends, joins a finished path, or closes a new cycle on the path.
  std::vector<std::pair<std::size_t, DeadlockCycle>> found;  // first member's index, cycle
  for (std::size_t start = 0; start < threads.size(); ++start) {
    std::vector<std::size_t> path;
    std::size_t at = start;
    while (at != no_edge && mark[at] == Mark::unvisited) {
      mark[at] = Mark::on_path;
      path.push_back(at);
      at = graph.edge[at];
    }
    if (at != no_edge && mark[at] == Mark::on_path) {
      std::vector<std::size_t> members(std::find(path.begin(), path.end(), at), path.end());
      const std::size_t first = *std::min_element(members.begin(), members.end());
      found.emplace_back(first, make_cycle(std::move(members), threads, graph));
    }
    for (std::size_t visited : path) mark[visited] = Mark::done;
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<DeadlockCycle> cycles;
  for (auto& [first, cycle] : found) cycles.push_back(std::move(cycle));
  return cycles;
}

bool DeadlockCycle::involves_thread(std::int64_t native_id) const {
  return std::any_of(links.begin(), links.end(),
                     [&](const LockOrderStep& link) { return link.native_id == native_id; });
}

bool DeadlockCycle::involves_lock(std::uint64_t lock_id) const {
  return std::any_of(links.begin(), links.end(), [&](const LockOrderStep& link) { return link.held.id == lock_id; });
}

std::string DeadlockCycle::describe() const {
  std::string out;
  for (const auto& link : links) {
    if (!out.empty()) out += "; ";
    out += link.thread_name + " holds " + link.held.name + " and waits for " + link.wanted.name;
  }
  return out;
}

DeadlockWatchdog::DeadlockWatchdog(DeadlockWatchdogSettings settings)
    : Thread("deadlock-watchdog"), settings_(settings) {
  if (!(settings_.interval.count() > 0)) throw std::invalid_argument("deadlock watchdog interval must be positive");
  if (settings_.confirmations < 1) throw std::invalid_argument("deadlock watchdog needs at least one confirmation");
}

DeadlockWatchdog::~DeadlockWatchdog() { stop_and_join(); }

void DeadlockWatchdog::run() {
  const std::stop_token stop = stop_token();
  const auto interval = std::chrono::duration_cast<std::chrono::steady_clock::duration>(settings_.interval);
  auto next = std::chrono::steady_clock::now();
  while (!stop.stop_requested()) {
    check();
    next += interval;
    // A check that overran its interval is not followed by a burst of catching up.
    if (const auto now = std::chrono::steady_clock::now(); next < now) next = now + interval;
    std::unique_lock guard(mutex_);
    // Only a stop ends the wait early: the interval is the watchdog's pace.
    changed_.wait_until(guard, stop, next, [] { return false; });
  }
}

void DeadlockWatchdog::check() {
  const auto threads = enumerate();
  const auto locks = all_locks();
  std::vector<Candidate> seen_now;
  for (auto& cycle : find_deadlocks(threads, locks)) {
    Candidate candidate{std::move(cycle), {}, 1};
    candidate.acquisitions = acquisitions_of(candidate.cycle, locks);
    const auto before = std::find_if(candidates_.begin(), candidates_.end(), [&](const Candidate& old) {
      return same_cycle(old.cycle, candidate.cycle);
    });
    if (before != candidates_.end() && before->acquisitions == candidate.acquisitions) {
      candidate.seen = before->seen + 1;
    }
    seen_now.push_back(std::move(candidate));
  }

  std::vector<DeadlockCycle> confirmed;
  std::uint64_t newly_confirmed = 0;
  std::optional<DeadlockCycle> newest;
  for (const auto& candidate : seen_now) {
    if (candidate.seen < settings_.confirmations) continue;
    confirmed.push_back(candidate.cycle);
    if (candidate.seen == settings_.confirmations) {
      ++newly_confirmed;
      newest = candidate.cycle;
    }
  }
  candidates_ = std::move(seen_now);

  {
    std::lock_guard guard(mutex_);
    current_ = std::move(confirmed);
    detections_ += newly_confirmed;
    if (newest) last_detected_ = std::move(newest);
    ++checks_;
  }
  changed_.notify_all();
}

std::vector<DeadlockCycle> DeadlockWatchdog::current_deadlocks() const {
  std::lock_guard guard(mutex_);
  return current_;
}

std::optional<DeadlockCycle> DeadlockWatchdog::last_detected() const {
  std::lock_guard guard(mutex_);
  return last_detected_;
}

std::uint64_t DeadlockWatchdog::detections() const {
  std::lock_guard guard(mutex_);
  return detections_;
}

std::uint64_t DeadlockWatchdog::checks() const {
  std::lock_guard guard(mutex_);
  return checks_;
}

namespace {

// Waits on `cv` until `ready`, the deadline, or a stop of the calling engine Thread.
template <class Ready>
bool wait_on(std::condition_variable_any& cv, std::unique_lock<std::mutex>& guard,
             const DeadlockWatchdog::Timeout& timeout, Ready ready) {
  const std::stop_token* stop = detail::current_stop_token();
  const std::stop_token never;
  const std::stop_token& token = stop ? *stop : never;
  if (!timeout) return cv.wait(guard, token, ready);
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::duration_cast<std::chrono::steady_clock::duration>(*timeout);
  return cv.wait_until(guard, token, deadline, ready);
}

}  // namespace

bool DeadlockWatchdog::wait_for_detection(std::uint64_t detections_seen, Timeout timeout) const {
  std::unique_lock guard(mutex_);
  return wait_on(changed_, guard, timeout, [&] { return detections_ > detections_seen; });
}

bool DeadlockWatchdog::wait_for_checks(std::uint64_t count, Timeout timeout) const {
  std::unique_lock guard(mutex_);
  return wait_on(changed_, guard, timeout, [&] { return checks_ >= count; });
}

}  // namespace threadlab
