#pragma once
// The context a scenario runs in: its options, its stop, its measuring
// loop, and the figures it publishes as it goes for the page and the JSON.
// (Its threads: scenario_thread.hpp; its work: measuring/work.hpp; the six
// scenarios: runs.hpp.)

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <stop_token>
#include <string>
#include <vector>

#include "threadlab/measurement/clock.hpp"
#include "threadlab/scenarios/scenario.hpp"

namespace threadlab::detail {

// How often a running scenario publishes its figures: often enough for the
// panels to move smoothly, rarely enough to cost its threads nothing.
inline constexpr std::chrono::duration<double> scenario_tick{0.05};

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
  // The scenarios' measuring loop: lets `how_long` from `began` pass in
  // ticks of scenario_tick, calling on_tick() after each to publish figures.
  // Ends early when on_tick() returns false or a stop comes; false on a stop.
  bool tick_for(std::chrono::steady_clock::time_point began, std::chrono::duration<double> how_long,
                const std::function<bool()>& on_tick);
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

}  // namespace threadlab::detail
