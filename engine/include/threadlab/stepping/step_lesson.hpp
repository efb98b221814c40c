#pragma once
// The Step-through page's lessons, as statements: the player is the
// scheduler and runs one statement of one thread at a time (after The
// Deadlock Empire). race: `counter = counter + 1` spelled out as a load, an
// add and a store, with the fix inside lock.acquire() / lock.release().
// deadlock: one thread takes A then B, the other B then A; with the fix both
// take A first.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace threadlab::stepping {

enum class StepLesson { race, deadlock };
const char* to_string(StepLesson lesson);  // "race", "deadlock"
std::optional<StepLesson> step_lesson_from_name(std::string_view name);

inline constexpr int max_step_threads = 4;
inline constexpr int max_step_repeats = 3;

struct StepOptions {
  StepLesson lesson = StepLesson::race;
  bool fix = false;
  int threads = 2;  // race: 2 to 4; deadlock: 2
  int repeats = 1;  // race: how many times each thread increments, 1 to 3
  bool operator==(const StepOptions&) const = default;
};

// Throws std::invalid_argument with one line ("race needs 2 to 4 threads").
void validate(const StepOptions& options);

enum class StatementKind {
  load,       // tmp = counter
  add,        // tmp = tmp + 1
  store,      // counter = tmp
  increment,  // counter = counter + 1, under Locks (the deadlock lesson)
  acquire,    // L.acquire()
  release,    // L.release()
};

struct Statement {
  StatementKind kind = StatementKind::load;
  int lock = -1;     // acquire, release: index into StepProgram::lock_names
  std::string text;  // as the page shows it: "tmp = counter"
};

struct StepProgram {
  std::vector<std::string> lock_names;               // "counter"; or "A", "B"
  std::vector<std::vector<Statement>> threads;       // each thread's statements, in order
  std::int64_t expected_counter() const;             // the counter if no update is lost
  std::string thread_name(int thread) const { return "T" + std::to_string(thread + 1); }
};

// The statements of every thread for these options (validated first).
StepProgram make_program(const StepOptions& options);

}  // namespace threadlab::stepping
