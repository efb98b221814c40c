#include "threadlab/workloads/io.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "threadlab/threading/registry.hpp"

namespace threadlab {

std::string check_io_settings(const IoSettings& settings) {
  if (settings.files < 1 || settings.files > IoSettings::max_files)
    return fmt::format("io: files per job must be 1 to {}, got {}", IoSettings::max_files, settings.files);
  if (settings.file_bytes < 1 || settings.file_bytes > FileServerSettings::max_file_bytes)
    return fmt::format("io: a file must be 1 to {} bytes, got {}", FileServerSettings::max_file_bytes,
                       settings.file_bytes);
  if (settings.read_timeout.count() < 1) return "io: the read timeout must be positive";
  return {};
}

namespace {
const IoSettings& checked(const IoSettings& settings) {
  if (const std::string problem = check_io_settings(settings); !problem.empty()) throw std::invalid_argument(problem);
  return settings;
}
}  // namespace

IoJob::IoJob(IoSettings settings)
    : settings_(checked(settings)),
      received_(std::make_unique<std::atomic<std::uint64_t>[]>(static_cast<std::size_t>(settings_.files))),
      fetchers_(std::make_unique<std::atomic<std::int64_t>[]>(static_cast<std::size_t>(settings_.files))) {
  port_ = settings_.fetch_from_port;
  if (port_ != 0) return;
  try {
    server_ = std::make_unique<LoopbackFileServer>(settings_.server);
    port_ = server_->port();
  } catch (const IoError& error) {
    fail(error.what());
  }
}

IoJob::~IoJob() {
  cancel();
  stop_server();
}

std::string IoJob::name() const {
  return fmt::format("{} files of {} KiB from 127.0.0.1:{}", settings_.files, settings_.file_bytes / 1024, port_);
}

void IoJob::work(std::stop_token stop) {
  // A stopped worker cancels the whole job: its file would never arrive.
  const std::stop_callback on_stop(stop, [this] { cancel(); });
  const auto files = static_cast<std::uint64_t>(settings_.files);
  while (!cancelled_.load()) {
    const std::uint64_t file = next_file_.fetch_add(1);
    if (file >= files) {
      next_file_.store(files);
      return;
    }
    FileRequest request{port_, file, settings_.file_bytes, settings_.read_timeout};
    const FetchResult result = fetch_file(request, sockets_, [&](std::uint64_t bytes) {
      received_[file].store(bytes, std::memory_order_relaxed);
    });
    if (result.outcome == FetchOutcome::failed) fail(result.error);
    if (result.outcome != FetchOutcome::complete) return;
    fetchers_[file].store(get_native_id(), std::memory_order_relaxed);
    report_item_done();
    if (files_done_.fetch_add(1) + 1 == files) stop_server();  // the last file: the server's work is over
  }
}

JobProgress IoJob::progress() const {
  JobProgress progress;
  progress.items_done = files_done_.load();
  progress.items_total = static_cast<std::uint64_t>(settings_.files);
  progress.finished = progress.items_done == progress.items_total;
  progress.cancelled = cancelled_.load() && !progress.finished;
  return progress;
}

void IoJob::cancel() {
  cancelled_.store(true);
  sockets_.shut_down_all();  // a worker blocked in recv() returns at once
  stop_server();
}

void IoJob::fail(std::string error) {
  {
    std::lock_guard guard(error_mutex_);
    if (error_.empty()) error_ = std::move(error);
  }
  cancel();
}

std::string IoJob::error() const {
  std::lock_guard guard(error_mutex_);
  return error_;
}

void IoJob::stop_server() {
  if (server_) server_->stop();
}

std::vector<std::uint64_t> IoJob::bytes_received() const {
  std::vector<std::uint64_t> out(static_cast<std::size_t>(settings_.files));
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = received_[i].load(std::memory_order_relaxed);
  return out;
}

std::vector<std::int64_t> IoJob::fetchers() const {
  std::vector<std::int64_t> out(static_cast<std::size_t>(settings_.files));
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = fetchers_[i].load(std::memory_order_relaxed);
  return out;
}

}  // namespace threadlab
