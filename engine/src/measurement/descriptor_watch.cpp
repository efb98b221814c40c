#include "threadlab/measurement/descriptor_watch.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <system_error>

#include "threadlab/threading/thread.hpp"

namespace threadlab {

DescriptorWatch::DescriptorWatch(int fd, std::function<bool()> ready, std::function<void()> on_ready,
                                 std::string name) {
  stop_fd_ = ::eventfd(0, EFD_CLOEXEC);
  if (stop_fd_ < 0) throw std::system_error(errno, std::generic_category(), "eventfd");
  const int stop_fd = stop_fd_;
  thread_ = std::make_unique<Thread>(
      [fd, stop_fd, ready = std::move(ready), on_ready = std::move(on_ready)] {
        pollfd fds[2] = {{fd, POLLIN, 0}, {stop_fd, POLLIN, 0}};
        while (!ready()) {
          // A descriptor of -1 is skipped by poll: only the stop wakes it then.
          const int polled = ::poll(fds, 2, -1);
          if (polled < 0 && errno != EINTR) return;
          if (fds[1].revents != 0) return;  // the destructor: stop without calling
        }
        on_ready();
      },
      std::move(name));
  // Not a daemon: the destructor always joins it.
  thread_->set_daemon(false);
  try {
    thread_->start();
  } catch (...) {
    ::close(stop_fd_);
    throw;
  }
}

DescriptorWatch::~DescriptorWatch() {
  const std::uint64_t one = 1;
  [[maybe_unused]] const auto written = ::write(stop_fd_, &one, sizeof one);
  thread_->join();
  ::close(stop_fd_);
}

}  // namespace threadlab
