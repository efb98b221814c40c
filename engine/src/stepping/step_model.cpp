#include "threadlab/stepping/step_model.hpp"

#include <fmt/format.h>

#include <set>

namespace threadlab::stepping {

namespace {

const Statement& next_statement(const StepProgram& program, const ModelState& state, int thread) {
  return program.threads[static_cast<std::size_t>(thread)][static_cast<std::size_t>(state.next[static_cast<std::size_t>(thread)])];
}

// Runs the rest in thread order (the scripted run's tail).
void run_to_end(const StepProgram& program, ModelState& state) {
  while (const auto thread = first_runnable(program, state)) apply_step(program, state, *thread);
}

struct Search {
  const StepProgram& program;
  std::uint64_t limit;
  std::set<std::vector<int>> seen;  // states by (next, blocked_on, counter, live tmps, queues)
  std::uint64_t visited = 0;

  // A tmp is dead unless the thread's next statement reads it (add, store):
  // states that differ only in dead tmps behave the same.
  std::vector<int> key(const ModelState& state) const {
    std::vector<int> out(state.next);
    out.insert(out.end(), state.blocked_on.begin(), state.blocked_on.end());
    out.push_back(static_cast<int>(state.shared.counter));
    for (std::size_t t = 0; t < state.shared.tmp.size(); ++t) {
      const auto& statements = program.threads[t];
      const auto next = static_cast<std::size_t>(state.next[t]);
      const bool live = next < statements.size() &&
                        (statements[next].kind == StatementKind::add || statements[next].kind == StatementKind::store);
      out.push_back(live ? static_cast<int>(state.shared.tmp[t]) : 0);
    }
    for (const auto& queue : state.queues) out.insert(out.end(), queue.begin(), queue.end()), out.push_back(-2);
    return out;
  }

  // Depth-first; the first schedule whose thread-order tail loses.
  bool visit(const ModelState& state, std::vector<int>& schedule) {
    if (visited >= limit || !seen.insert(key(state)).second) return false;
    ++visited;
    ModelState tail = state;
    run_to_end(program, tail);
    if (lost(program, tail)) return true;  // the thread-order tail from here loses
    for (int thread = 0; thread < static_cast<int>(program.threads.size()); ++thread) {
      if (refusal(program, state, thread)) continue;
      ModelState after = state;
      apply_step(program, after, thread);
      schedule.push_back(thread);
      if (visit(after, schedule)) return true;
      schedule.pop_back();
    }
    return false;
  }
};

}  // namespace

ModelState initial_state(const StepProgram& program) {
  ModelState state;
  const std::size_t threads = program.threads.size();
  state.shared.tmp.assign(threads, 0);
  state.shared.holders.assign(program.lock_names.size(), -1);
  state.next.assign(threads, 0);
  state.blocked_on.assign(threads, -1);
  state.queues.resize(program.lock_names.size());
  return state;
}

bool finished(const StepProgram& program, const ModelState& state, int thread) {
  const auto index = static_cast<std::size_t>(thread);
  return state.next[index] >= static_cast<int>(program.threads[index].size());
}

bool all_finished(const StepProgram& program, const ModelState& state) {
  for (int thread = 0; thread < static_cast<int>(program.threads.size()); ++thread)
    if (!finished(program, state, thread)) return false;
  return true;
}

bool all_blocked(const StepProgram& program, const ModelState& state) {
  bool any = false;
  for (int thread = 0; thread < static_cast<int>(program.threads.size()); ++thread) {
    if (finished(program, state, thread)) continue;
    if (state.blocked_on[static_cast<std::size_t>(thread)] < 0) return false;
    any = true;
  }
  return any;
}

std::optional<std::string> refusal(const StepProgram& program, const ModelState& state, int thread) {
  if (thread < 0 || thread >= static_cast<int>(program.threads.size()))
    return fmt::format("there is no thread {}", thread + 1);
  const std::string name = program.thread_name(thread);
  if (finished(program, state, thread)) return fmt::format("{} has finished", name);
  const int lock = state.blocked_on[static_cast<std::size_t>(thread)];
  if (lock < 0) return std::nullopt;
  const int holder = state.shared.holders[static_cast<std::size_t>(lock)];
  return fmt::format("{} is blocked on Lock {}, held by {}", name, program.lock_names[static_cast<std::size_t>(lock)],
                     holder >= 0 ? program.thread_name(holder) : std::string("nobody"));
}

void apply_step(const StepProgram& program, ModelState& state, int thread) {
  const auto t = static_cast<std::size_t>(thread);
  const Statement& statement = next_statement(program, state, thread);
  SharedValues& shared = state.shared;
  switch (statement.kind) {
    case StatementKind::load: shared.tmp[t] = shared.counter; break;
    case StatementKind::add: shared.tmp[t] += 1; break;
    case StatementKind::store: shared.counter = shared.tmp[t]; break;
    case StatementKind::increment: shared.counter += 1; break;
    case StatementKind::acquire: {
      const auto lock = static_cast<std::size_t>(statement.lock);
      if (shared.holders[lock] >= 0) {
        state.blocked_on[t] = statement.lock;
        state.queues[lock].push_back(thread);
        return;  // the statement is not done until the Lock is its
      }
      shared.holders[lock] = thread;
      break;
    }
    case StatementKind::release: {
      const auto lock = static_cast<std::size_t>(statement.lock);
      shared.holders[lock] = -1;
      if (!state.queues[lock].empty()) {
        const int waiter = state.queues[lock].front();
        state.queues[lock].pop_front();
        shared.holders[lock] = waiter;
        state.blocked_on[static_cast<std::size_t>(waiter)] = -1;
        ++state.next[static_cast<std::size_t>(waiter)];
      }
      break;
    }
  }
  ++state.next[t];
}

std::optional<int> first_runnable(const StepProgram& program, const ModelState& state) {
  for (int thread = 0; thread < static_cast<int>(program.threads.size()); ++thread)
    if (!refusal(program, state, thread)) return thread;
  return std::nullopt;
}

bool lost(const StepProgram& program, const ModelState& state) {
  if (all_blocked(program, state)) return true;
  return all_finished(program, state) && state.shared.counter != program.expected_counter();
}

std::optional<std::vector<int>> find_losing_schedule(const StepProgram& program, std::uint64_t* visited,
                                                     std::uint64_t state_limit) {
  Search search{program, state_limit, {}, 0};
  std::vector<int> schedule;
  const bool found = search.visit(initial_state(program), schedule);
  if (visited) *visited = search.visited;
  if (!found) return std::nullopt;
  return schedule;
}

}  // namespace threadlab::stepping
