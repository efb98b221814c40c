#pragma once
// What thread.cpp, lock.cpp and registry.cpp share about threads: one record
// per thread the registry knows, and the calling thread's own record.

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <stop_token>
#include <string>

#include "threadlab/threading/input_wait.hpp"
#include "threadlab/threading/registry.hpp"
#include "diagnostics/timeline_ring.hpp"

namespace threadlab::detail {

struct ThreadRecord {
  explicit ThreadRecord(std::string initial_name) : name_(std::move(initial_name)) {}

  std::string name() const {
    std::lock_guard guard(name_mutex_);
    return name_;
  }
  void set_name(std::string name) {
    std::lock_guard guard(name_mutex_);
    name_ = std::move(name);
  }

  std::atomic<std::uint64_t> ident{0};
  std::atomic<std::int64_t> native_id{0};
  std::atomic<bool> daemon{false};
  bool is_main = false;
  bool started_by_engine = false;
  std::atomic<ThreadState> state{ThreadState::created};
  std::atomic<std::uint64_t> waiting_for_lock_id{0};
  std::atomic<InputSource> input_source{InputSource::socket};  // while state == waiting_for_input
  std::atomic<std::int64_t> started_at_ns{0};
  std::atomic<std::int64_t> finished_at_ns{0};
  std::atomic<std::uint64_t> items_done{0};
  ThreadTimelineRings timeline;  // written by the thread itself (thread_timeline.cpp)

 private:
  mutable std::mutex name_mutex_;
  std::string name_;
};

// "Thread-N" with the next N, as Python numbers unnamed threads.
std::string next_default_thread_name();

// The calling thread's record, creating "Dummy-N" (or "MainThread") for a
// thread the engine did not start.
ThreadRecord& current_record();

// The calling thread's stop token when it is an engine Thread, else nullptr.
const std::stop_token* current_stop_token() noexcept;

// Thread bootstrap, on the new thread: registers it as alive and current.
void enter_thread(const std::shared_ptr<ThreadRecord>& record, const std::stop_token* stop);
// Thread end, on the thread itself: finished, no longer alive.
void leave_thread(const std::shared_ptr<ThreadRecord>& record);

// Name of the registered thread with this kernel TID, or empty.
std::string thread_name_by_native_id(std::int64_t native_id);

// Lock names for ThreadInfo::waiting_for_lock (lock.cpp).
std::string lock_name_by_id(std::uint64_t lock_id);

std::int64_t to_ns(std::chrono::steady_clock::time_point t);
std::chrono::steady_clock::time_point from_ns(std::int64_t ns);

}  // namespace threadlab::detail
