#pragma once
// What the six scenarios share: the context a scenario runs in (options,
// stop, and the figures it publishes as it goes), a Thread that hands its
// body its own stop token, per-thread tallies and a unit of CPU work.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <stop_token>
#include <string>
#include <vector>

#include "threadlab/scenario.hpp"
#include "threadlab/thread.hpp"

namespace threadlab::detail {

// Everything a running scenario reads and writes besides its own threads.
// The scenario's thread writes; snapshot() may be read from any thread.
class ScenarioContext {
 public:
  enum class Mode { scripted, live };

  ScenarioContext(ScenarioKind kind, ScenarioOptions options, Mode mode, std::stop_token stop,
                  std::function<void(double)> on_progress);

  ScenarioKind kind() const { return kind_; }
  const ScenarioOptions& options() const { return options_; }
  bool live() const { return mode_ == Mode::live; }
  int threads_or(int default_threads) const { return options_.threads > 0 ? options_.threads : default_threads; }

  bool stop_requested() const { return stop_.stop_requested(); }
  // Lets `how_long` pass, unless a stop comes first; returns false then.
  // This is the measuring window, not a way to wait for another thread.
  bool wait_for(std::chrono::duration<double> how_long);
  // Live deadlock: blocks until request_break() or a stop.
  void wait_for_break();
  void request_break();

  void set_phase(std::string phase);
  void set_progress(double fraction);
  void set_figure(const std::string& name, double value);  // replaces a figure of the same name
  void set_threads(std::vector<ScenarioThreadRow> rows);
  void set_cycles(std::vector<DeadlockCycle> cycles);
  void add_note(std::string note);
  void set_awaiting_break(bool awaiting);

  void mark_started();
  void mark_ended(bool finished);
  void mark_failed(std::string error);

  ScenarioResult result() const;
  ScenarioSnapshot snapshot() const;

 private:
  const ScenarioKind kind_;
  const ScenarioOptions options_;
  const Mode mode_;
  const std::stop_token stop_;
  const std::function<void(double)> on_progress_;

  mutable std::mutex mutex_;
  std::condition_variable_any wake_;
  bool break_requested_ = false;
  ScenarioSnapshot state_;
  std::chrono::steady_clock::time_point started_at_{};
};

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

// CPU work the compiler cannot drop: `steps` rounds of xorshift64 from
// `seed` (about a nanosecond each, and no memory traffic, so a sanitizer
// does not slow it down and ratios stay what they are).
std::uint64_t busy_work(std::uint64_t steps, std::uint64_t seed);

// CPUs this process may run on (its affinity mask), at least 1.
int usable_cores();

double to_ms(std::chrono::nanoseconds duration);
double seconds_between(std::chrono::steady_clock::time_point from, std::chrono::steady_clock::time_point to);

// The scenarios, one file each (scenario_NAME.cpp).
void run_race(ScenarioContext& context);
void run_contention(ScenarioContext& context);
void run_deadlock(ScenarioContext& context);
void run_starvation(ScenarioContext& context);
void run_one_core(ScenarioContext& context);
void run_gil(ScenarioContext& context);

}  // namespace threadlab::detail
