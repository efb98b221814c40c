#pragma once
// You are the scheduler: a lesson's statements run on real engine Threads,
// one statement at a time, in the order the player (or a script) steps them.
// Each thread waits at a gate before each statement; a Lock is the engine's
// instrumented Lock (fifo, so that who gets a Lock next follows the
// schedule, not the OS), so the Threads, Locks and Timeline panels, the
// lock-order graph and the deadlock detector all see every step.
//
// A step returns once its effects are complete: the thread is back at its
// gate, has finished, or is blocked in Lock::acquire (and a release has
// handed the Lock to its first waiter). The shared values are read from the
// threads' own variables and the Locks, and checked against the rules in
// step_model.hpp at every step.
//
// Every method is for one thread (the page's or the command's).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "threadlab/diagnostics/deadlock_detector.hpp"
#include "threadlab/diagnostics/lock_order.hpp"
#include "threadlab/stepping/step_lesson.hpp"
#include "threadlab/stepping/step_model.hpp"

namespace threadlab::stepping {

struct StepRecord {
  int thread = 0;      // 0-based
  int statement = -1;  // 0-based index of the statement run (or refused)
  std::string text;    // the statement, "" when the thread had none left
  bool refused = false;
  std::string why;     // refused: "T2 is blocked on Lock counter, held by T1"
  std::string note;    // what the step did beyond its text: "T2 blocked on Lock counter", "T2 overwrote T1's update"
  SharedValues before, after;
};

struct StepOutcome {
  std::int64_t expected = 0;      // the counter if no update were lost
  std::int64_t actual = 0;        // the counter now
  std::int64_t stores = 0;        // increments completed so far
  std::int64_t lost_updates = 0;  // stores that did not count: stores - actual
  bool finished = false;          // every thread ran its last statement
  bool deadlock = false;          // every thread left is blocked on a Lock
  std::optional<DeadlockCycle> cycle;  // the deadlock detector's cycle, when deadlocked
  std::string words;  // "T2 overwrote T1's update: counter = 1, expected 2"
};

struct SteppedThreadView {
  std::string name;
  std::int64_t native_id = 0;
  int next = 0;         // the statement it runs when stepped (== size: finished)
  int blocked_on = -1;  // the Lock it waits for
  bool finished = false;
};

class Stepper {
 public:
  // Starts the threads, each at the gate before its first statement.
  // Throws std::invalid_argument for bad options.
  explicit Stepper(const StepOptions& options);
  ~Stepper();  // stops and joins every thread, wherever it is
  Stepper(const Stepper&) = delete;
  Stepper& operator=(const Stepper&) = delete;

  // Runs the next statement of `thread` (0-based), or refuses with why.
  // Throws std::runtime_error when the threads did not reach the state the
  // rules predict within a few seconds (they always should).
  const StepRecord& step(int thread);

  const StepOptions& options() const { return options_; }
  const StepProgram& program() const { return program_; }
  const ModelState& state() const { return state_; }
  SharedValues shared() const;  // read from the real threads and Locks
  const std::vector<StepRecord>& steps() const { return steps_; }
  std::vector<int> schedule() const;  // the accepted steps, in order
  std::vector<SteppedThreadView> threads() const;
  StepOutcome outcome() const;
  // Lock-order inversions the lesson's threads caused (lock_order.hpp).
  std::vector<LockOrderInversion> lock_order_inversions() const;

 private:
  struct Impl;
  StepOptions options_;
  StepProgram program_;
  ModelState state_;
  std::vector<StepRecord> steps_;
  std::unique_ptr<Impl> impl_;
};

// A scripted run: `schedule` (0-based threads, refused steps recorded and
// skipped), then the remaining statements in thread order until every
// thread has finished or every thread left is blocked.
struct ScheduleRun {
  std::vector<StepRecord> steps;
  StepOutcome outcome;
  std::vector<LockOrderInversion> lock_order_inversions;
};
ScheduleRun run_schedule(const StepOptions& options, const std::vector<int>& schedule);

}  // namespace threadlab::stepping
