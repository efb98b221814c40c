#pragma once
// The render loop's freezes (Freeze in threadlab/lab/lab.hpp): the latest and
// the longest. A frame that ran a job (single-thread mode) counts as the
// job's freeze, reported as the job ends, not as its frame time, which only
// arrives with the next frame and adds that frame's drawing: so the meter
// and "Longest freeze" give the same figure for the same freeze.

#include <algorithm>
#include <optional>

#include "threadlab/lab/lab.hpp"

namespace threadlab::detail {

class FreezeTracker {
 public:
  // A frame of `ms` ended at `now` (the next frame's start); 0: no frame to report.
  void frame(double ms, Clock::time_point now) {
    if (ms <= 0) return;
    if (!previous_frame_ran_job_) {
      longest_ms_ = std::max(longest_ms_, ms);
      if (ms > freeze_after_ms) last_ = Freeze{ms, now};
    }
    previous_frame_ran_job_ = false;
  }
  // The render thread ran a job from `began` to `ended`: the window froze.
  void job(Clock::time_point began, Clock::time_point ended) {
    const double ms = std::chrono::duration<double, std::milli>(ended - began).count();
    last_ = Freeze{ms, ended};
    longest_ms_ = std::max(longest_ms_, ms);
    previous_frame_ran_job_ = true;
  }
  void clear() {
    last_.reset();
    longest_ms_ = 0;
  }
  const std::optional<Freeze>& last() const { return last_; }
  double longest_ms() const { return longest_ms_; }

 private:
  std::optional<Freeze> last_;
  double longest_ms_ = 0;
  bool previous_frame_ran_job_ = false;
};

}  // namespace threadlab::detail
