#pragma once
// The client side of the io workload: fetching one file from the loopback
// file server, blocking in recv() (inside an InputWaitScope, so the thread
// shows "waiting for input: socket"). Every socket is registered in an
// OpenSockets set while it is open, so that a cancel can shut them all
// down: a thread blocked in recv() then returns at once, and joins.

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <set>
#include <string>

namespace threadlab {

class OpenSockets {
 public:
  // Registers fd; false (and fd is shut down) once shut_down_all() ran.
  bool add(int fd);
  void close(int fd);      // unregisters and closes
  void shut_down_all();    // every registered socket, and every later add()
  bool shut_down() const;

 private:
  mutable std::mutex mutex_;
  std::set<int> fds_;
  bool shut_down_ = false;
};

struct FileRequest {
  std::uint16_t port = 0;  // on 127.0.0.1
  std::uint64_t index = 0;
  std::uint64_t bytes = 0;
  std::chrono::milliseconds read_timeout{5000};  // for each recv()
};

enum class FetchOutcome { complete, cancelled, failed };

struct FetchResult {
  FetchOutcome outcome = FetchOutcome::failed;
  std::uint64_t bytes = 0;  // received
  std::string error;        // one line, when failed
};

// Connects, asks for the file, and reads it to the end, checking every byte
// (file_byte). progress(bytes so far) runs after each read. Cancelled: the
// sockets were shut down meanwhile. Failed, with one line: connection
// refused, a read timed out, the server closed early, a wrong byte.
FetchResult fetch_file(const FileRequest& request, OpenSockets& sockets,
                       const std::function<void(std::uint64_t)>& progress = {});

}  // namespace threadlab
