#pragma once
// Python's threading.Event: one thread sets a flag, others wait for it.

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>

#include "threadlab/threading/timeout.hpp"

namespace threadlab {

class Event {
 public:
  using Timeout = std::optional<std::chrono::duration<double>>;

  bool is_set() const;
  // The tutorial's Python 2 spelling, deprecated by Python 3.
  [[deprecated("use is_set()")]] bool isSet() const { return is_set(); }
  void set();
  void clear();
  // Blocks until the flag is set or the timeout elapses; returns the flag.
  // A negative timeout is 0; NaN throws std::invalid_argument, one above
  // TIMEOUT_MAX std::overflow_error (timeout.hpp), as Python does.
  bool wait(Timeout timeout = {}) const;

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  bool flag_ = false;
};

}  // namespace threadlab
