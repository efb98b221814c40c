#pragma once
// What one statement does, without threads: the rules the real threads obey
// (stepper.hpp), written down so that the stepper knows when a step's
// effects are complete, can check the real threads against them, and so
// that a losing schedule can be searched for without running thousands of
// threads. A Lock here is fair, as the stepper's real Locks are (fifo):
// waiters get it in the order they blocked.

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "threadlab/stepping/step_lesson.hpp"

namespace threadlab::stepping {

// The shared state the page shows: the counter, each thread's tmp, and who
// holds each Lock (a thread index, -1 when free).
struct SharedValues {
  std::int64_t counter = 0;
  std::vector<std::int64_t> tmp;
  std::vector<int> holders;
  bool operator==(const SharedValues&) const = default;
};

struct ModelState {
  SharedValues shared;
  std::vector<int> next;                // each thread's next statement (size: finished)
  std::vector<int> blocked_on;          // the Lock a thread waits for, -1 when not blocked
  std::vector<std::deque<int>> queues;  // each Lock's waiters, first come first
  bool operator==(const ModelState&) const = default;
};

ModelState initial_state(const StepProgram& program);

bool finished(const StepProgram& program, const ModelState& state, int thread);
bool all_finished(const StepProgram& program, const ModelState& state);
// Every thread that has not finished is blocked on a Lock (and one has not).
bool all_blocked(const StepProgram& program, const ModelState& state);

// Why `thread` cannot run its next statement now ("T2 is blocked on Lock
// counter, held by T1", "T1 has finished"), or nullopt when it can.
std::optional<std::string> refusal(const StepProgram& program, const ModelState& state, int thread);

// Runs `thread`'s next statement (refusal() must be nullopt). An acquire of
// a held Lock leaves the thread blocked on it; a release hands the Lock to
// its first waiter, whose acquire then completes.
void apply_step(const StepProgram& program, ModelState& state, int thread);

// The lowest-numbered thread that can run, or nullopt when none can.
std::optional<int> first_runnable(const StepProgram& program, const ModelState& state);

// The search stops after this many states, so that the page never waits
// long for it: 3 threads x 3 locked increments have 2,152 states, which it
// covers; 4 x 3 have about a million, which it cuts short.
inline constexpr std::uint64_t search_state_limit = 5'000;

// A schedule (0-based threads) that ends, once the remaining statements run
// in thread order, with a lost update (race) or every thread blocked
// (deadlock), found by a depth-first search over the interleavings; the
// prefix that makes the loss certain. nullopt when none was found: none
// exists (the fix) when fewer than `state_limit` states were visited.
// `visited` counts the states searched.
std::optional<std::vector<int>> find_losing_schedule(const StepProgram& program, std::uint64_t* visited = nullptr,
                                                     std::uint64_t state_limit = search_state_limit);

// Whether a finished (or stuck) run lost: an update, or every thread to a deadlock.
bool lost(const StepProgram& program, const ModelState& state);

}  // namespace threadlab::stepping
