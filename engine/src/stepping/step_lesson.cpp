#include "threadlab/stepping/step_lesson.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace threadlab::stepping {

namespace {

Statement statement(StatementKind kind, std::string text, int lock = -1) { return Statement{kind, lock, std::move(text)}; }

// counter = counter + 1, one statement per machine step: what Python's
// bytecode (LOAD, BINARY_ADD, STORE) and a CPU's load/add/store both do.
void add_increment(std::vector<Statement>& thread, bool locked) {
  if (locked) thread.push_back(statement(StatementKind::acquire, "lock.acquire()", 0));
  thread.push_back(statement(StatementKind::load, "tmp = counter"));
  thread.push_back(statement(StatementKind::add, "tmp = tmp + 1"));
  thread.push_back(statement(StatementKind::store, "counter = tmp"));
  if (locked) thread.push_back(statement(StatementKind::release, "lock.release()", 0));
}

std::vector<Statement> two_locks(int first, int second) {
  const char* const names[] = {"A", "B"};
  return {statement(StatementKind::acquire, fmt::format("{}.acquire()", names[first]), first),
          statement(StatementKind::acquire, fmt::format("{}.acquire()", names[second]), second),
          statement(StatementKind::increment, "counter = counter + 1"),
          statement(StatementKind::release, fmt::format("{}.release()", names[second]), second),
          statement(StatementKind::release, fmt::format("{}.release()", names[first]), first)};
}

}  // namespace

const char* to_string(StepLesson lesson) { return lesson == StepLesson::race ? "race" : "deadlock"; }

std::optional<StepLesson> step_lesson_from_name(std::string_view name) {
  if (name == "race") return StepLesson::race;
  if (name == "deadlock") return StepLesson::deadlock;
  return std::nullopt;
}

void validate(const StepOptions& options) {
  if (options.lesson == StepLesson::race && (options.threads < 2 || options.threads > max_step_threads))
    throw std::invalid_argument(fmt::format("race needs 2 to {} threads, not {}", max_step_threads, options.threads));
  if (options.lesson == StepLesson::deadlock && options.threads != 2)
    throw std::invalid_argument(fmt::format("deadlock has 2 threads, not {}", options.threads));
  if (options.repeats < 1 || options.repeats > max_step_repeats)
    throw std::invalid_argument(fmt::format("repeats must be 1 to {}, not {}", max_step_repeats, options.repeats));
}

std::int64_t StepProgram::expected_counter() const {
  std::int64_t expected = 0;
  for (const auto& thread : threads)
    for (const auto& step : thread)
      if (step.kind == StatementKind::store || step.kind == StatementKind::increment) ++expected;
  return expected;
}

StepProgram make_program(const StepOptions& options) {
  validate(options);
  StepProgram program;
  if (options.lesson == StepLesson::race) {
    if (options.fix) program.lock_names = {"counter"};
    program.threads.resize(static_cast<std::size_t>(options.threads));
    for (auto& thread : program.threads)
      for (int i = 0; i < options.repeats; ++i) add_increment(thread, options.fix);
  } else {
    program.lock_names = {"A", "B"};
    program.threads = {two_locks(0, 1), options.fix ? two_locks(0, 1) : two_locks(1, 0)};
  }
  return program;
}

}  // namespace threadlab::stepping
