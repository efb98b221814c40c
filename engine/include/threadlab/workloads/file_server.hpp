#pragma once
// A small file server on the loopback interface (127.0.0.1), standing in
// for a remote machine: the io workload's workers fetch their "files" from
// it and block in recv() until its bytes arrive. It answers each request
// after a set latency and then sends at a set bandwidth per connection,
// paced by its own thread ("io-server") with poll() timeouts: the pacing is
// the server's business; the client really waits in the kernel for input.
//
// Protocol: the client sends one line "GET <index> <bytes>\n"; the server
// replies with exactly <bytes> bytes of file_byte(index, offset) and closes.
// Bounded: at most max_connections at once (more wait in the listen queue),
// files of at most max_file_bytes, and the thread stops with the object.

#include <chrono>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

namespace threadlab {

// A fault of the io workload, as one line for a status bar: "the io
// server's port 8080 is taken (Address already in use)".
class IoError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct FileServerSettings {
  std::uint16_t port = 0;                        // 0: any free port
  std::chrono::milliseconds latency{20};         // from the request to the first byte
  std::uint64_t bytes_per_second = 256 * 1024;   // per connection, at least 1024
  int max_connections = 64;
  static constexpr std::uint64_t max_file_bytes = 16u << 20;
};

// Byte `offset` of file `index`: what the server sends and the client checks.
inline std::uint8_t file_byte(std::uint64_t index, std::uint64_t offset) {
  return static_cast<std::uint8_t>((offset * 31u + index * 131u + (offset >> 8)) & 0xffu);
}

class LoopbackFileServer {
 public:
  // Binds 127.0.0.1:port and starts serving. Throws IoError with one line
  // (the port taken, no loopback, bad settings).
  explicit LoopbackFileServer(FileServerSettings settings);
  ~LoopbackFileServer();  // stops serving, closes every socket, joins its thread
  LoopbackFileServer(const LoopbackFileServer&) = delete;
  LoopbackFileServer& operator=(const LoopbackFileServer&) = delete;

  std::uint16_t port() const;
  const FileServerSettings& settings() const;
  std::uint64_t files_served() const;  // replies sent in full
  void stop();                         // as the destructor; safe to call twice

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace threadlab
