#pragma once
// How a desktop decides a window is "not responding": it sends the window a
// message and times how long the event loop takes to answer. The probe is a
// small engine Thread that pings every interval (10 ms by default) and wakes
// the UI loop; the UI loop calls answer_pings() whenever it handles events.
// The latency of a ping is how long it waited for the loop. Pings queue up
// while the loop is busy, like a window's messages, so a 2-second freeze
// yields 200 late answers, not one.
//
// Each ping is stamped when it is actually sent, not when it was due: a
// probe thread held up by a busy core is the probe's delay, not the
// window's. How late the probe sent its pings against their schedule is
// kept apart, in lateness_summary(). Slots the probe thread missed are
// skipped, not sent in a burst when it runs again.

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>

#include "frame_stats.hpp"
#include "threadlab/threading/thread.hpp"

namespace threadlab {

class ResponsivenessProbe : public Thread {
 public:
  // wake_ui is called from the probe thread after each ping (for GLFW:
  // glfwPostEmptyEvent, which is thread-safe); it may be empty.
  explicit ResponsivenessProbe(std::function<void()> wake_ui = {},
                               std::chrono::milliseconds interval = std::chrono::milliseconds(10));
  ~ResponsivenessProbe() override;

  // Called by the UI loop: answers the pending ping, if any, and records its
  // latency. Returns the number of answered pings (0 or 1).
  int answer_pings(Clock::time_point now = Clock::now());

  // How long the oldest unanswered ping has been waiting (0 when none): the
  // "not responding for N ms" figure.
  Millis unanswered_for(Clock::time_point now = Clock::now()) const;

  // How long the answered pings waited for the UI loop (ms).
  LatencySummary summary() const;
  LatencySummary window_summary() const;
  // How late the probe's own thread sent its pings, against their schedule
  // (ms, one sample per ping sent): the probe's delay, not the window's.
  LatencySummary lateness_summary() const;
  std::vector<float> window_values() const;
  // Drops the figures (lateness too) and the pings not yet answered.
  void clear();

 protected:
  void run() override;

 private:
  std::function<void()> wake_ui_;
  std::chrono::milliseconds interval_;
  mutable std::mutex mutex_;
  std::deque<Clock::time_point> pending_;  // pings sent and not yet answered
  LatencyRecorder latencies_;
  LatencyRecorder lateness_;
  std::mutex sleep_mutex_;  // the probe's interruptible sleep
  std::condition_variable_any sleep_cv_;
};

}  // namespace threadlab
