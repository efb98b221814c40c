#include "threadlab/workloads/file_server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <sstream>
#include <vector>

#include <fmt/format.h>

#include "threadlab/threading/thread.hpp"

namespace threadlab {

namespace {

using SteadyClock = std::chrono::steady_clock;

constexpr std::size_t max_request_bytes = 64;
constexpr std::uint64_t first_burst_bytes = 1024;  // sent as soon as the latency is over

struct Connection {
  int fd = -1;
  std::string request;
  bool parsed = false;      // the request line arrived
  bool want_write = false;  // the socket's buffer was full at the last send
  std::uint64_t index = 0, total = 0, sent = 0;
  SteadyClock::time_point first_byte_at{};
};

void check_settings(const FileServerSettings& settings) {
  if (settings.latency.count() < 0) throw IoError("the io server's latency must not be negative");
  if (settings.bytes_per_second < 1024) throw IoError("the io server's bandwidth must be at least 1024 bytes/s");
  if (settings.max_connections < 1) throw IoError("the io server needs room for at least one connection");
}

int listen_on_loopback(std::uint16_t port, int backlog) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) throw IoError(fmt::format("the io server has no socket ({})", std::strerror(errno)));
  const int on = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);  // a port just freed may be used again
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0 || ::listen(fd, backlog) != 0) {
    const int error = errno;
    ::close(fd);
    if (error == EADDRINUSE) throw IoError(fmt::format("the io server's port {} is taken ({})", port, std::strerror(error)));
    throw IoError(fmt::format("the io server cannot listen on 127.0.0.1:{} ({})", port, std::strerror(error)));
  }
  return fd;
}

std::uint16_t bound_port(int fd) {
  sockaddr_in address{};
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  return ntohs(address.sin_port);
}

// "GET <index> <bytes>": false when the line is anything else.
bool parse_request(Connection& connection) {
  std::istringstream line(connection.request);
  std::string verb;
  if (!(line >> verb >> connection.index >> connection.total) || verb != "GET") return false;
  return connection.total <= FileServerSettings::max_file_bytes;
}

}  // namespace

struct LoopbackFileServer::Impl {
  const FileServerSettings settings;
  int listen_fd = -1;
  std::array<int, 2> wake{-1, -1};  // stop() writes to wake[1]; the loop polls wake[0]
  std::uint16_t port = 0;
  std::atomic<std::uint64_t> served{0};
  std::vector<Connection> connections;  // the server thread's own
  std::atomic<bool> stopped{false};
  Thread thread;  // last: joined before the members it uses go

  explicit Impl(FileServerSettings initial)
      : settings((check_settings(initial), initial)), thread([this] { serve(); }, "io-server") {
    listen_fd = listen_on_loopback(settings.port, settings.max_connections);
    port = bound_port(listen_fd);
    if (::pipe2(wake.data(), O_CLOEXEC | O_NONBLOCK) != 0) {
      ::close(listen_fd);
      throw IoError(fmt::format("the io server has no pipe ({})", std::strerror(errno)));
    }
    thread.start();
  }

  ~Impl() { stop(); }

  void stop() {
    if (stopped.exchange(true)) return;
    const char byte = 1;
    (void)!::write(wake[1], &byte, 1);
    thread.stop_and_join();
    for (const Connection& connection : connections) ::close(connection.fd);
    connections.clear();
    for (const int fd : {listen_fd, wake[0], wake[1]}) ::close(fd);
  }

  // Bytes the connection may have sent by `now`: the first burst once the
  // latency is over, then the bandwidth.
  std::uint64_t allowed(const Connection& connection, SteadyClock::time_point now) const {
    if (now < connection.first_byte_at) return 0;
    const double seconds = std::chrono::duration<double>(now - connection.first_byte_at).count();
    const double bytes = double(first_burst_bytes) + seconds * double(settings.bytes_per_second);
    return std::min<std::uint64_t>(connection.total, static_cast<std::uint64_t>(bytes));
  }

  SteadyClock::time_point next_due(const Connection& connection) const {
    if (connection.sent < first_burst_bytes) return connection.first_byte_at;
    const double seconds = double(connection.sent + 1 - first_burst_bytes) / double(settings.bytes_per_second);
    return connection.first_byte_at +
           std::chrono::duration_cast<SteadyClock::duration>(std::chrono::duration<double>(seconds));
  }

  void serve();
  int poll_timeout_ms(SteadyClock::time_point now) const;
  void accept_new(SteadyClock::time_point now);
  bool read_request(Connection& connection, SteadyClock::time_point now);
  bool send_due(Connection& connection, SteadyClock::time_point now);
};

int LoopbackFileServer::Impl::poll_timeout_ms(SteadyClock::time_point now) const {
  int timeout = 100;  // nothing due: look again at least ten times a second
  for (const Connection& connection : connections) {
    if (!connection.parsed || connection.want_write) continue;
    const auto wait = std::chrono::ceil<std::chrono::milliseconds>(next_due(connection) - now).count();
    timeout = std::min<int>(timeout, static_cast<int>(std::max<std::int64_t>(wait, 1)));
  }
  return timeout;
}

void LoopbackFileServer::Impl::accept_new(SteadyClock::time_point now) {
  while (static_cast<int>(connections.size()) < settings.max_connections) {
    const int fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return;
    Connection connection;
    connection.fd = fd;
    connection.first_byte_at = now;
    connections.push_back(std::move(connection));
  }
}

// False: the connection is over (closed, or a bad request).
bool LoopbackFileServer::Impl::read_request(Connection& connection, SteadyClock::time_point now) {
  char buffer[max_request_bytes];
  const ssize_t got = ::recv(connection.fd, buffer, sizeof buffer, 0);
  if (got == 0) return false;
  if (got < 0) return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
  connection.request.append(buffer, static_cast<std::size_t>(got));
  const auto end = connection.request.find('\n');
  if (end == std::string::npos) return connection.request.size() < max_request_bytes;
  connection.request.resize(end);
  if (!parse_request(connection)) return false;
  connection.parsed = true;
  connection.first_byte_at = now + settings.latency;
  return true;
}

// False: the connection is over (the whole file sent, or the client gone).
bool LoopbackFileServer::Impl::send_due(Connection& connection, SteadyClock::time_point now) {
  std::array<std::uint8_t, 16384> chunk{};
  const std::uint64_t limit = allowed(connection, now);
  while (connection.sent < limit) {
    const std::size_t length = static_cast<std::size_t>(std::min<std::uint64_t>(limit - connection.sent, chunk.size()));
    for (std::size_t i = 0; i < length; ++i) chunk[i] = file_byte(connection.index, connection.sent + i);
    const ssize_t sent = ::send(connection.fd, chunk.data(), length, MSG_NOSIGNAL);
    if (sent < 0) {
      connection.want_write = errno == EAGAIN || errno == EWOULDBLOCK;
      return connection.want_write || errno == EINTR;
    }
    connection.sent += static_cast<std::uint64_t>(sent);
  }
  if (connection.sent < connection.total) return true;
  served.fetch_add(1, std::memory_order_relaxed);
  return false;
}

void LoopbackFileServer::Impl::serve() {
  std::vector<pollfd> fds;
  while (!thread.stopping() && !stopped.load()) {
    fds.assign({{wake[0], POLLIN, 0}, {listen_fd, POLLIN, 0}});
    for (const Connection& connection : connections) {
      const short events = !connection.parsed ? POLLIN : connection.want_write ? POLLOUT : 0;
      fds.push_back({connection.fd, events, 0});
    }
    ::poll(fds.data(), fds.size(), poll_timeout_ms(SteadyClock::now()));
    if (fds[0].revents != 0) return;
    const auto now = SteadyClock::now();
    std::vector<Connection> kept;
    for (std::size_t i = 0; i < connections.size(); ++i) {
      Connection& connection = connections[i];
      const short revents = fds[i + 2].revents;
      if (revents & POLLOUT) connection.want_write = false;
      bool open = (revents & (POLLERR | POLLNVAL)) == 0;
      if (open && !connection.parsed && (revents & (POLLIN | POLLHUP))) open = read_request(connection, now);
      if (open && connection.parsed && !connection.want_write) open = send_due(connection, now);
      if (open) kept.push_back(std::move(connection));
      else ::close(connection.fd);
    }
    connections = std::move(kept);
    if (fds[1].revents & POLLIN) accept_new(now);
  }
}

LoopbackFileServer::LoopbackFileServer(FileServerSettings settings)
    : impl_(std::make_unique<Impl>(settings)) {}
LoopbackFileServer::~LoopbackFileServer() = default;
std::uint16_t LoopbackFileServer::port() const { return impl_->port; }
const FileServerSettings& LoopbackFileServer::settings() const { return impl_->settings; }
std::uint64_t LoopbackFileServer::files_served() const { return impl_->served.load(std::memory_order_relaxed); }
void LoopbackFileServer::stop() { impl_->stop(); }

}  // namespace threadlab
