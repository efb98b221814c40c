#include "threadlab/workloads/file_fetch.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "threadlab/threading/input_wait.hpp"
#include "threadlab/workloads/file_server.hpp"

namespace threadlab {

bool OpenSockets::add(int fd) {
  std::lock_guard guard(mutex_);
  fds_.insert(fd);
  if (shut_down_) ::shutdown(fd, SHUT_RDWR);
  return !shut_down_;
}

void OpenSockets::close(int fd) {
  std::lock_guard guard(mutex_);
  fds_.erase(fd);
  ::close(fd);  // under the mutex: shut_down_all() never touches a number reused since
}

void OpenSockets::shut_down_all() {
  std::lock_guard guard(mutex_);
  shut_down_ = true;
  for (const int fd : fds_) ::shutdown(fd, SHUT_RDWR);
}

bool OpenSockets::shut_down() const {
  std::lock_guard guard(mutex_);
  return shut_down_;
}

namespace {

FetchResult failed(std::uint64_t bytes, std::string error) { return {FetchOutcome::failed, bytes, std::move(error)}; }

// Connected and asked; an error line otherwise.
std::string connect_and_ask(int fd, const FileRequest& request) {
  timeval timeout{};
  timeout.tv_sec = static_cast<time_t>(request.read_timeout.count() / 1000);
  timeout.tv_usec = static_cast<suseconds_t>((request.read_timeout.count() % 1000) * 1000);
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(request.port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0)
    return fmt::format("io: cannot connect to 127.0.0.1:{} ({})", request.port, std::strerror(errno));
  const std::string line = fmt::format("GET {} {}\n", request.index, request.bytes);
  if (::send(fd, line.data(), line.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(line.size()))
    return fmt::format("io: cannot send the request to 127.0.0.1:{} ({})", request.port, std::strerror(errno));
  return {};
}

FetchResult receive(int fd, const FileRequest& request, OpenSockets& sockets,
                    const std::function<void(std::uint64_t)>& progress) {
  std::array<std::uint8_t, 16384> buffer{};
  std::uint64_t received = 0;
  while (received < request.bytes) {
    ssize_t got = 0;
    int error = 0;
    {
      const InputWaitScope waiting(InputSource::socket);
      got = ::recv(fd, buffer.data(), buffer.size(), 0);
      error = errno;
    }
    if (got < 0 && error == EINTR) continue;
    if (sockets.shut_down()) return {FetchOutcome::cancelled, received, {}};
    if (got < 0 && (error == EAGAIN || error == EWOULDBLOCK))
      return failed(received, fmt::format("io: a read from 127.0.0.1:{} timed out after {:.1f} s (file {}, {} of {} bytes)",
                                          request.port, double(request.read_timeout.count()) / 1000.0, request.index,
                                          received, request.bytes));
    if (got < 0) return failed(received, fmt::format("io: a read from 127.0.0.1:{} failed ({})", request.port, std::strerror(error)));
    if (got == 0)
      return failed(received, fmt::format("io: the server closed file {} after {} of {} bytes", request.index, received,
                                          request.bytes));
    for (ssize_t i = 0; i < got; ++i) {
      if (buffer[static_cast<std::size_t>(i)] != file_byte(request.index, received + static_cast<std::uint64_t>(i)))
        return failed(received, fmt::format("io: file {} has a wrong byte at offset {}", request.index,
                                            received + static_cast<std::uint64_t>(i)));
    }
    received += static_cast<std::uint64_t>(got);
    if (progress) progress(received);
  }
  return {FetchOutcome::complete, received, {}};
}

}  // namespace

FetchResult fetch_file(const FileRequest& request, OpenSockets& sockets,
                       const std::function<void(std::uint64_t)>& progress) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return failed(0, fmt::format("io: no socket ({})", std::strerror(errno)));
  if (!sockets.add(fd)) {
    sockets.close(fd);
    return {FetchOutcome::cancelled, 0, {}};
  }
  const std::string error = connect_and_ask(fd, request);
  FetchResult result = error.empty() ? receive(fd, request, sockets, progress) : failed(0, error);
  if (!error.empty() && sockets.shut_down()) result = {FetchOutcome::cancelled, 0, {}};
  sockets.close(fd);
  return result;
}

}  // namespace threadlab
