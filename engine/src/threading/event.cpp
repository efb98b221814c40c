#include "threadlab/threading/event.hpp"

#include <algorithm>

#include "deadline.hpp"
#include "threadlab/diagnostics/thread_timeline.hpp"

namespace threadlab {

bool Event::is_set() const {
  std::lock_guard guard(mutex_);
  return flag_;
}

void Event::set() {
  std::lock_guard guard(mutex_);
  flag_ = true;
  changed_.notify_all();
}

void Event::clear() {
  std::lock_guard guard(mutex_);
  flag_ = false;
}

bool Event::wait(Timeout timeout) const {
  detail::Deadline deadline;
  if (timeout) {
    const double seconds = std::max(detail::checked_timeout_seconds(timeout->count()), 0.0);
    deadline = detail::deadline_after(seconds, std::chrono::steady_clock::now());
  }
  std::unique_lock lock(mutex_);
  const auto is_set = [this] { return flag_; };
  if (flag_) return true;
  if (timeout && timeout->count() <= 0) return false;
  const TimelineWaitScope waiting;  // on the timeline, until the wait returns
  if (!deadline) {
    changed_.wait(lock, is_set);
    return true;
  }
  return changed_.wait_until(lock, *deadline, is_set);
}

}  // namespace threadlab
