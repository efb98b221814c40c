#include "threadlab/measurement/responsiveness_probe.hpp"

#include "threadlab/diagnostics/thread_timeline.hpp"

#include <thread>

namespace threadlab {

ResponsivenessProbe::ResponsivenessProbe(std::function<void()> wake_ui, std::chrono::milliseconds interval)
    : Thread("responsiveness-probe"), wake_ui_(std::move(wake_ui)), interval_(interval) {
  set_daemon(true);
}

ResponsivenessProbe::~ResponsivenessProbe() { stop_and_join(); }

void ResponsivenessProbe::run() {
  auto due = Clock::now();
  const auto stop = stop_token();
  for (;;) {
    {
      const TimelineWaitScope sleeping;
      std::unique_lock lock(sleep_mutex_);
      sleep_cv_.wait_until(lock, stop, due, [] { return false; });
    }
    if (stop.stop_requested()) return;
    const auto sent = Clock::now();
    {
      std::lock_guard guard(mutex_);
      pending_.push_back(sent);
      lateness_.add(sent, Millis(sent - due));
    }
    if (wake_ui_) wake_ui_();
    // Pings keep their schedule even when the UI is frozen, as a window
    // system's messages keep arriving: each one's wait is then measured.
    // After a delay of this thread's own (more than an interval), the
    // schedule starts again from the late ping: the missed ones are not
    // sent in a burst.
    due += interval_;
    if (due < sent) due = sent + interval_;
  }
}

int ResponsivenessProbe::answer_pings(Clock::time_point now) {
  std::lock_guard guard(mutex_);
  int answered = 0;
  for (const auto sent : pending_) {
    latencies_.add(now, Millis(now - sent));
    ++answered;
  }
  pending_.clear();
  return answered;
}

Millis ResponsivenessProbe::unanswered_for(Clock::time_point now) const {
  std::lock_guard guard(mutex_);
  return pending_.empty() ? Millis{0} : Millis(now - pending_.front());
}

LatencySummary ResponsivenessProbe::summary() const {
  std::lock_guard guard(mutex_);
  return latencies_.summary();
}

LatencySummary ResponsivenessProbe::window_summary() const {
  std::lock_guard guard(mutex_);
  return latencies_.window_summary();
}

LatencySummary ResponsivenessProbe::lateness_summary() const {
  std::lock_guard guard(mutex_);
  return lateness_.summary();
}

std::vector<float> ResponsivenessProbe::window_values() const {
  std::lock_guard guard(mutex_);
  return latencies_.window_values();
}

void ResponsivenessProbe::clear() {
  std::lock_guard guard(mutex_);
  latencies_.clear();
  lateness_.clear();
  // Pings sent before the clear belong to the figures just dropped: answered
  // later, they would report the whole pause as one long wait.
  pending_.clear();
}

}  // namespace threadlab
