#pragma once
// A thread blocked in a read, waiting for input: what the tutorial means by
// "one thread waits for input". Code about to block in recv() or read()
// holds an InputWaitScope for the call; meanwhile the thread's state is
// "waiting for input: socket" (enumerate(), the Threads panel) and its
// Timeline lane shows an input_wait stretch, apart from running, runnable
// and blocked on a Lock. The scope reads the clock twice: only around a
// call that blocks anyway.

#include <cstdint>

#include "threadlab/diagnostics/thread_timeline.hpp"

namespace threadlab {

// Where the input comes from.
enum class InputSource : std::uint8_t { socket, pipe };
const char* to_string(InputSource source);

class InputWaitScope {
 public:
  explicit InputWaitScope(InputSource source);
  // Back to the state the thread was in (the render thread: its whole job).
  ~InputWaitScope();
  InputWaitScope(const InputWaitScope&) = delete;
  InputWaitScope& operator=(const InputWaitScope&) = delete;

 private:
  TimelineState resume_;
  bool restore_running_;  // the thread's registry state was running before the scope
};

}  // namespace threadlab
