#pragma once
// A Thread that waits for a file descriptor to become readable (a signal's
// self-pipe, say) and then calls back once. Lets a command blocked in a
// long wait (a scenario, a condition variable) react to an outside event at
// once instead of at its next poll, without the caller owning a thread.

#include <functional>
#include <memory>
#include <string>

namespace threadlab {

class Thread;

class DescriptorWatch {
 public:
  // Starts a Thread named `name` that calls `on_ready` once `ready()` holds:
  // asked at once, then each time `fd` becomes readable. `fd` may be -1
  // (nothing to watch: only destruction ends the wait). Throws
  // std::system_error when the wake-up descriptor cannot be made.
  DescriptorWatch(int fd, std::function<bool()> ready, std::function<void()> on_ready,
                  std::string name = "descriptor-watch");
  // Stops and joins the Thread; when `on_ready` has not run yet, it never will.
  ~DescriptorWatch();
  DescriptorWatch(const DescriptorWatch&) = delete;
  DescriptorWatch& operator=(const DescriptorWatch&) = delete;

 private:
  int stop_fd_ = -1;  // eventfd: written by the destructor
  std::unique_ptr<Thread> thread_;
};

}  // namespace threadlab
