#pragma once
// The io workload: fetching files from a server, the job that waits for
// input. An item is one file: a worker takes the next file's number (an
// atomic counter, no Lock), connects to the job's LoopbackFileServer on
// 127.0.0.1 and blocks in recv() until the file's bytes have arrived. It
// needs almost no CPU, so threads help even on one core and under a GIL:
// while one thread waits in the kernel, another runs.
//
// The job owns its server: made with the job, stopped (and its thread
// joined) with it. A fault (the port taken, a connection refused, a read
// timed out) ends the job with one line in error(); cancel() shuts down
// every open socket, so a worker blocked in recv() returns at once, and
// stops the server, as the last file's arrival does.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <stop_token>
#include <string>
#include <vector>

#include "job.hpp"
#include "threadlab/workloads/file_fetch.hpp"
#include "threadlab/workloads/file_server.hpp"

namespace threadlab {

struct IoSettings {
  int files = 24;                             // items per job
  std::uint64_t file_bytes = 16 * 1024;       // each file's size
  FileServerSettings server;                  // port (0: any), latency, bandwidth per connection
  std::chrono::milliseconds read_timeout{5000};
  // Where to fetch from: 0 runs the job's own server; a port fetches from
  // whatever listens there (nothing: "connection refused").
  std::uint16_t fetch_from_port = 0;
  static constexpr int max_files = 4096;
};

// One line when the settings cannot make a job (files, sizes out of range), else empty.
std::string check_io_settings(const IoSettings& settings);

class IoJob : public Job {
 public:
  // Starts the server; a fault is kept in error() and the job is then
  // already over (work() returns at once). Throws std::invalid_argument on
  // settings check_io_settings refuses.
  explicit IoJob(IoSettings settings);
  ~IoJob() override;

  std::string name() const override;
  void work(std::stop_token stop) override;
  JobProgress progress() const override;
  void cancel() override;
  std::string error() const override;

  // Stops the server (the job is over); safe to call twice.
  void stop_server();

  const IoSettings& settings() const { return settings_; }
  std::uint16_t port() const { return port_; }
  // Per file: bytes received so far, and the kernel TID of the thread that
  // fetched it (0 until it is complete). Lock-free reads for the UI.
  std::vector<std::uint64_t> bytes_received() const;
  std::vector<std::int64_t> fetchers() const;
  std::uint64_t files_taken() const { return next_file_.load(std::memory_order_relaxed); }

 private:
  void fail(std::string error);

  const IoSettings settings_;
  std::unique_ptr<LoopbackFileServer> server_;
  std::uint16_t port_ = 0;
  OpenSockets sockets_;
  std::atomic<std::uint64_t> next_file_{0};
  std::atomic<std::uint64_t> files_done_{0};
  std::unique_ptr<std::atomic<std::uint64_t>[]> received_;
  std::unique_ptr<std::atomic<std::int64_t>[]> fetchers_;
  std::atomic<bool> cancelled_{false};
  mutable std::mutex error_mutex_;
  std::string error_;  // guarded by error_mutex_; the first fault only
};

}  // namespace threadlab
