#include "run_queue_clock.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <string>
#include <string_view>

#include "threadlab/measurement/proc_text.hpp"
#include "threadlab/threading/registry.hpp"

namespace threadlab::detail {

RunQueueClock::RunQueueClock() {
  const std::string path = "/proc/self/task/" + std::to_string(get_native_id()) + "/schedstat";
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
}

RunQueueClock::~RunQueueClock() {
  if (fd_ >= 0) ::close(fd_);
}

std::optional<std::chrono::nanoseconds> RunQueueClock::waited() const {
  if (fd_ < 0) return std::nullopt;
  char text[128];
  const ssize_t length = ::pread(fd_, text, sizeof text - 1, 0);
  if (length <= 0) return std::nullopt;
  const auto parsed = parse_task_schedstat(std::string_view(text, static_cast<std::size_t>(length)));
  if (!parsed) return std::nullopt;
  return std::chrono::nanoseconds(static_cast<std::int64_t>(parsed->wait_ns));
}

}  // namespace threadlab::detail
