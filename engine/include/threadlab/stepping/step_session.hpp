#pragma once
// The Step-through page's engine side: one Stepper at a time, Undo (replay
// from the start to one step before), Reset, and "Find a losing schedule",
// which searches the interleavings (step_model.hpp) and then plays the one
// it found on the real threads, one step per play_interval. The page draws
// snapshot() and sends StepRequests; the Lab owns the session, so closing
// the page or the window joins every thread.
//
// Every method is for one thread (the render thread).

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "threadlab/stepping/stepper.hpp"

namespace threadlab::stepping {

inline constexpr std::chrono::milliseconds play_interval{600};

struct StepRequest {
  std::optional<StepOptions> restart;  // another lesson, the fix, threads or repeats: start again
  std::vector<int> steps;              // run these threads' next statements, in order (0-based)
  bool undo = false;
  bool reset = false;
  bool find_losing = false;
  bool stop_playing = false;
};

struct StepperSnapshot {
  StepOptions options;
  StepProgram program;
  std::vector<SteppedThreadView> threads;
  SharedValues shared;
  std::vector<StepRecord> steps;  // refused ones too, oldest first
  StepOutcome outcome;
  std::vector<LockOrderInversion> lock_order_inversions;
  std::vector<int> playing;  // what is left of the schedule being played (0-based threads)
  std::string message;       // what the last search found, or why a step failed
};

class StepSession {
 public:
  // Throws std::invalid_argument for bad options.
  explicit StepSession(const StepOptions& options);
  ~StepSession();

  void apply(const StepRequest& request);
  // Plays the next step of a found schedule when one is due.
  void tick(std::chrono::steady_clock::time_point now);
  StepperSnapshot snapshot() const;

 private:
  void restart(StepOptions options);
  void step(int thread);
  void undo();
  void find_losing();

  std::unique_ptr<Stepper> stepper_;
  std::vector<int> playing_;
  std::chrono::steady_clock::time_point next_play_{};
  std::string message_;
};

}  // namespace threadlab::stepping
