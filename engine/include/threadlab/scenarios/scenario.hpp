#pragma once
// The tutorial's cons, live: six scenarios that each make one cost of
// multithreading happen on purpose, and measure it, with a fix that removes
// it. Each runs either scripted (run_scenario: blocking, for the
// `threadlab scenario NAME` command and the tests) or live under the UI
// (LiveScenario: on its own Thread, read through snapshot()).
//
// Every scenario starts its own Threads and joins all of them before it
// returns, also when it is stopped early.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "threadlab/diagnostics/deadlock_detector.hpp"
#include "threadlab/diagnostics/lock_order.hpp"

namespace threadlab {

enum class ScenarioKind { race, contention, deadlock, starvation, one_core, gil };

inline constexpr ScenarioKind all_scenario_kinds[] = {ScenarioKind::race,       ScenarioKind::contention,
                                                      ScenarioKind::deadlock,   ScenarioKind::starvation,
                                                      ScenarioKind::one_core,   ScenarioKind::gil};

struct ScenarioInfo {
  ScenarioKind kind;
  const char* name;         // the command line's NAME: "race", "one_core"...
  const char* title;        // one line: "Race condition: lost updates"
  const char* explanation;  // what happens and why, a short paragraph
  const char* fix;          // what the fix changes, a sentence or two
  const char* default_threads;  // what threads = 0 means here
};

const ScenarioInfo& scenario_info(ScenarioKind kind);
const char* to_string(ScenarioKind kind);  // the name
// The kind called `name` (as in to_string, "one-core" also accepted), or nullopt.
std::optional<ScenarioKind> scenario_from_name(std::string_view name);
// "race, contention, deadlock, starvation, one_core, gil", for error messages.
std::string scenario_names();

struct ScenarioOptions {
  bool fix = false;
  // How long to measure. deadlock ends sooner when it has been detected and
  // broken (or, with the fix, when its rounds are done). A scripted run
  // never goes on past duration + scenario_time_margin (see run_scenario).
  std::chrono::duration<double> duration{3.0};
  // 0: the scenario's default (ScenarioInfo::default_threads). race,
  // starvation, one_core and gil need at least 2; deadlock builds a ring of
  // N threads and N Locks.
  int threads = 0;
};

// A scripted run is cut (its threads stopped, the result marked
// cut_at_time_limit) once it has run this long past its duration. Stopping
// its threads then takes well under 0.5 s more.
inline constexpr std::chrono::seconds scenario_time_margin{2};

// One thread's share of a scenario, for a per-thread table.
struct ScenarioThreadRow {
  std::string name;
  std::string role;  // "greedy", "waiter", "worker", "victim", "survivor"
  std::int64_t native_id = 0;
  std::uint64_t acquisitions = 0;  // Lock acquisitions that counted
  std::uint64_t work_done = 0;     // increments, items, rounds, chunks
  double total_wait_ms = 0;        // waiting for the Lock, the wait under way included
  double max_wait_ms = 0;          // the longest wait, the one under way included
  double current_wait_ms = 0;  // waiting right now (0 when not waiting)
  bool alive = false;
};

// Name and value; the unit is part of the name ("lost_updates",
// "throughput_2_workers_per_s", "lock_wait_ms_4_threads", "speedup"), so the
// list can be written to JSON as it is. Flags are 1 or 0.
using ScenarioFigures = std::vector<std::pair<std::string, double>>;

struct ScenarioResult {
  ScenarioKind kind = ScenarioKind::race;
  std::string name;  // to_string(kind)
  bool fix = false;
  ScenarioFigures figures;
  std::vector<ScenarioThreadRow> threads;
  std::vector<DeadlockCycle> cycles;  // deadlock: what the watchdog detected
  // Lock orders of this run that close a cycle (lock_order.hpp): a deadlock
  // that can happen, whether or not this run hung.
  std::vector<LockOrderInversion> lock_order_inversions;
  std::vector<std::string> notes;     // findings in words
  // Stopped by the caller's stop request before its end: the figures are
  // partial and no result to report as such.
  bool interrupted = false;
  // Cut at duration + scenario_time_margin: figures as far as it got.
  bool cut_at_time_limit = false;
  // The process was stopped (Ctrl+Z, SIGSTOP) and resumed while it ran: the
  // pause counts in the run's time, so its ratios are not what the machine
  // does; the figures are still whole.
  bool resumed_while_running = false;

  std::optional<double> figure(std::string_view figure_name) const;
  // Why the figures cover only part of the run, or were taken across a
  // pause: "cut at its time limit", "stopped and resumed while it ran",
  // "stopped and resumed, then cut at its time limit"; nullptr when the run
  // is whole. (An interrupted run is no result at all: see `interrupted`.)
  const char* cut_reason() const;
};

// Checks options for a scenario; throws std::invalid_argument with a
// one-line message ("scenario duration must be positive", ...).
void validate(ScenarioKind kind, const ScenarioOptions& options);

// Runs a scenario to the end on the calling thread (blocking) and returns
// what it measured. on_progress (0 to 1) is called on the calling thread.
// Throws std::invalid_argument for bad options and std::runtime_error when
// the scenario cannot run here (one_core: the process cannot be pinned).
ScenarioResult run_scenario(ScenarioKind kind, const ScenarioOptions& options,
                            std::function<void(double progress)> on_progress = {});
// The same, ended early when `stop` is requested (from any thread, e.g. on
// SIGTERM): every thread it started is joined within about 0.5 s and the
// result comes back with interrupted = true. times_resumed, when given,
// counts the process's resumes after a stop (SIGCONT) so far, as whoever
// handles the process's signals sees them (the engine installs no signal
// handler): a count that moves during the run sets resumed_while_running.
ScenarioResult run_scenario(ScenarioKind kind, const ScenarioOptions& options,
                            std::function<void(double progress)> on_progress, std::stop_token stop,
                            std::function<unsigned()> times_resumed = {});

struct ScenarioSnapshot {
  ScenarioResult current;  // the figures so far; the result once finished
  bool started = false;
  bool running = false;
  bool finished = false;  // ran to its end (not stopped, no error)
  double progress = 0;    // 0 to 1
  double elapsed_seconds = 0;
  std::string phase;  // what it is doing now: "2 workers under the GIL"
  // deadlock (live): a deadlock is detected and waits for break_deadlock().
  bool awaiting_break = false;
  std::string error;  // why it failed, if it did
};

// A scenario for the UI, on a Thread of its own ("scenario.NAME"). Unlike a
// scripted run, a live deadlock stays deadlocked until break_deadlock().
// Every method is for one thread (the UI's).
class LiveScenario {
 public:
  // Throws std::invalid_argument for bad options.
  LiveScenario(ScenarioKind kind, ScenarioOptions options);
  ~LiveScenario();  // stop()
  LiveScenario(const LiveScenario&) = delete;
  LiveScenario& operator=(const LiveScenario&) = delete;

  // Starts the run; throws std::runtime_error("scenario already started")
  // on a second call: make a new LiveScenario to run again.
  void start();
  // Ends the run early (a deadlock is broken first) and joins every thread
  // it started. Safe to call more than once, or before start().
  void stop();
  // The deadlock page's action: stops one thread of the cycle (the victim),
  // whose refused acquire makes it release what it holds and end; the other
  // then proceeds. Does nothing for other scenarios or when not deadlocked.
  void break_deadlock();

  // Blocks until the run ends (or the timeout elapses); returns whether it
  // has. True at once when never started.
  bool wait(std::optional<std::chrono::duration<double>> timeout = {});

  bool running() const;
  ScenarioKind kind() const { return kind_; }
  const ScenarioOptions& options() const { return options_; }
  ScenarioSnapshot snapshot() const;

 private:
  struct Impl;
  const ScenarioKind kind_;
  const ScenarioOptions options_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace threadlab
