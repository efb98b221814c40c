#include "threadlab/threading/event.hpp"

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
  std::unique_lock lock(mutex_);
  const auto is_set = [this] { return flag_; };
  if (flag_) return true;
  const TimelineWaitScope waiting;  // on the timeline, until the wait returns
  if (!timeout) {
    changed_.wait(lock, is_set);
    return true;
  }
  return changed_.wait_for(lock, std::chrono::duration_cast<std::chrono::steady_clock::duration>(*timeout), is_set);
}

}  // namespace threadlab
