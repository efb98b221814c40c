#pragma once
// One thread of a Step-through lesson: an engine Thread that waits at a
// gate before each of its statements and runs the statement when the
// player steps it. The gate is a mutex and a condition variable shared by
// the lesson's threads and the stepper (the "board"); the counter and the
// tmps live on the board, and are touched only by a thread that the gate let
// through, so every read by the stepper happens after the write it reads.

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "threadlab/stepping/step_lesson.hpp"
#include "threadlab/threading/lock.hpp"
#include "threadlab/threading/thread.hpp"

namespace threadlab::stepping::detail {

// Where a thread is, as it tells the board.
enum class GatePhase {
  starting,   // not yet at its first gate
  parked,     // at the gate before statement `statement`, waiting for the player
  running,    // let through, running `statement`
  acquiring,  // inside Lock::acquire for `statement` (blocked while the Lock is held)
  finished,   // ran its last statement, or was stopped
};

struct GateStatus {
  GatePhase phase = GatePhase::starting;
  int statement = 0;
  bool go = false;  // the player stepped it; the thread clears it as it passes the gate
};

struct Board {
  explicit Board(const StepProgram& program);
  const StepProgram& program;
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<GateStatus> status;                // guarded by mutex
  std::vector<std::unique_ptr<Lock>> locks;      // fifo: waiters get a Lock in the order they blocked
  std::int64_t counter = 0;                      // written only by a thread the gate let through
  std::vector<std::int64_t> tmp;                 // likewise, each thread its own
};

class SteppedThread : public Thread {
 public:
  SteppedThread(Board& board, int index);
  ~SteppedThread() override;
  // Asks the thread to end (at its gate, or in a blocked acquire) and wakes it.
  void stop();

 protected:
  void run() override;

 private:
  bool wait_at_gate(int statement);  // false: stopped
  bool execute(const Statement& statement, int index);  // false: stopped
  void set_phase(GatePhase phase, int statement);

  Board& board_;
  const int index_;
};

}  // namespace threadlab::stepping::detail
