#pragma once
// A scenario's threads: a Thread that hands its body its own stop token, and
// the figures each thread keeps about itself (acquisitions, work, waits).

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <stop_token>
#include <string>

#include "threadlab/scenarios/scenario.hpp"
#include "threadlab/threading/thread.hpp"

namespace threadlab::detail {

// A Thread whose body receives the Thread's own stop token.
class ScenarioThread : public Thread {
 public:
  using Body = std::function<void(std::stop_token)>;
  ScenarioThread(std::string name, Body body) : Thread(std::move(name)), body_(std::move(body)) {}
  ~ScenarioThread() override { stop_and_join(); }

 protected:
  void run() override { body_(stop_token()); }

 private:
  Body body_;
};

// One thread's figures, written by that thread only and read by anyone.
struct ThreadTally {
  std::atomic<std::uint64_t> acquisitions{0};
  std::atomic<std::uint64_t> work_done{0};
  std::atomic<std::int64_t> total_wait_ns{0};
  std::atomic<std::int64_t> max_wait_ns{0};
  std::atomic<std::int64_t> waiting_since_ns{0};  // steady clock, 0 when not waiting

  void begin_wait(std::chrono::steady_clock::time_point now);
  // Ends the wait begun last; returns how long it lasted.
  std::chrono::nanoseconds end_wait(std::chrono::steady_clock::time_point now);
  void add_work(std::uint64_t amount = 1) {
    work_done.store(work_done.load(std::memory_order_relaxed) + amount, std::memory_order_relaxed);
  }
  void add_acquisition() {
    acquisitions.store(acquisitions.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  }
  ScenarioThreadRow row(const Thread& thread, std::string role, std::chrono::steady_clock::time_point now) const;
};

}  // namespace threadlab::detail
