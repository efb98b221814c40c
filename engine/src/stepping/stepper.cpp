#include "threadlab/stepping/stepper.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include "stepping/stepped_thread.hpp"
#include "threadlab/threading/registry.hpp"

namespace threadlab::stepping {

namespace {

using detail::GatePhase;

// How long a step may take to complete: microseconds on a quiet machine; a
// busy one (or a sanitizer) may keep a thread off its core for a while.
constexpr std::chrono::seconds step_deadline{30};

bool counts_as_store(const Statement& statement) {
  return statement.kind == StatementKind::store || statement.kind == StatementKind::increment;
}

// "T1's update", "T1's 3 updates", "T1's update and T3's 2 updates".
std::string updates_of(const StepProgram& program, const std::vector<int>& threads, const std::vector<int>& counts) {
  std::string out;
  for (std::size_t i = 0; i < threads.size(); ++i) {
    if (i > 0) out += i + 1 == threads.size() ? " and " : ", ";
    out += counts[i] == 1 ? fmt::format("{}'s update", program.thread_name(threads[i]))
                          : fmt::format("{}'s {} updates", program.thread_name(threads[i]), counts[i]);
  }
  return out;
}

}  // namespace

struct Stepper::Impl {
  explicit Impl(const StepProgram& program) : board(program) {}

  detail::Board board;
  std::vector<std::unique_ptr<detail::SteppedThread>> threads;  // after the board: stopped before it goes
  std::uint64_t inversions_before = lock_order_inversion_count();
  // Who stored, in order, and how many stores each thread had seen when it
  // loaded: a store after someone else's store since its load overwrites it.
  std::vector<int> writers;
  std::vector<std::size_t> loaded_at;
  std::string first_overwrite;  // "T2 overwrote T1's update"

  // Whether the real threads and Locks are where `predicted` says. Call
  // with the board's mutex held.
  bool reached(const StepProgram& program, const ModelState& predicted) const {
    for (std::size_t u = 0; u < threads.size(); ++u) {
      const detail::GateStatus& status = board.status[u];
      const int thread = static_cast<int>(u);
      if (finished(program, predicted, thread)) {
        if (status.phase != GatePhase::finished) return false;
      } else if (predicted.blocked_on[u] >= 0) {
        if (status.phase != GatePhase::acquiring || status.statement != predicted.next[u]) return false;
      } else if (status.phase != GatePhase::parked || status.statement != predicted.next[u] || status.go) {
        return false;
      }
    }
    for (std::size_t l = 0; l < board.locks.size(); ++l) {
      const LockStats stats = board.locks[l]->stats();
      const int holder = predicted.shared.holders[l];
      const std::int64_t holder_tid = holder >= 0 ? threads[static_cast<std::size_t>(holder)]->native_id() : 0;
      if (stats.holder_native_id != holder_tid) return false;
      if (stats.waiters < predicted.queues[l].size()) return false;  // a waiter not yet in the queue
    }
    return true;
  }

  void wait_until(const StepProgram& program, const ModelState& predicted, const std::string& what) {
    std::unique_lock lock(board.mutex);
    const auto deadline = std::chrono::steady_clock::now() + step_deadline;
    // Lock queues change without the board's notice: look again every millisecond.
    while (!reached(program, predicted)) {
      if (std::chrono::steady_clock::now() > deadline)
        throw std::runtime_error(fmt::format("{}: the threads did not get there within {} s", what, step_deadline.count()));
      board.changed.wait_for(lock, std::chrono::milliseconds(1));
    }
  }

  int thread_of(std::int64_t native_id) const {
    for (std::size_t i = 0; i < threads.size(); ++i)
      if (native_id != 0 && threads[i]->native_id() == native_id) return static_cast<int>(i);
    return -1;
  }

  // Notes a load or a store of `thread`; a store that overwrites another
  // thread's update returns "T2 overwrote T1's update".
  std::string note_access(const StepProgram& program, const Statement& statement, int thread) {
    const auto t = static_cast<std::size_t>(thread);
    if (loaded_at.size() < threads.size()) loaded_at.assign(threads.size(), 0);
    if (statement.kind == StatementKind::load) loaded_at[t] = writers.size();
    if (statement.kind != StatementKind::store) {
      if (counts_as_store(statement)) writers.push_back(thread);
      return {};
    }
    // Whose stores since this thread's load it wipes out, and how many of each.
    std::vector<int> overwritten, counts;
    for (std::size_t i = loaded_at[t]; i < writers.size(); ++i) {
      if (writers[i] == thread) continue;
      const auto seen = std::find(overwritten.begin(), overwritten.end(), writers[i]);
      if (seen != overwritten.end()) {
        ++counts[static_cast<std::size_t>(seen - overwritten.begin())];
      } else {
        overwritten.push_back(writers[i]);
        counts.push_back(1);
      }
    }
    writers.push_back(thread);
    if (overwritten.empty()) return {};
    const std::string note = fmt::format("{} overwrote {}", program.thread_name(thread), updates_of(program, overwritten, counts));
    if (first_overwrite.empty()) first_overwrite = note;
    return note;
  }
};

Stepper::Stepper(const StepOptions& options)
    : options_(options), program_(make_program(options)), state_(initial_state(program_)),
      impl_(std::make_unique<Impl>(program_)) {
  for (int i = 0; i < static_cast<int>(program_.threads.size()); ++i)
    impl_->threads.push_back(std::make_unique<detail::SteppedThread>(impl_->board, i));
  for (auto& thread : impl_->threads) thread->start();
  impl_->wait_until(program_, state_, "starting the threads");
}

Stepper::~Stepper() {
  // Each thread ends where it is: at its gate, or giving up a blocked acquire.
  for (auto& thread : impl_->threads) thread->stop();
}

const StepRecord& Stepper::step(int thread) {
  StepRecord record;
  record.thread = thread;
  record.before = shared();
  if (thread >= 0 && thread < static_cast<int>(program_.threads.size())) {
    const auto next = static_cast<std::size_t>(state_.next[static_cast<std::size_t>(thread)]);
    const auto& statements = program_.threads[static_cast<std::size_t>(thread)];
    record.statement = static_cast<int>(next);
    if (next < statements.size()) record.text = statements[next].text;
  }
  if (auto why = refusal(program_, state_, thread)) {
    record.refused = true;
    record.why = std::move(*why);
    record.after = record.before;
    steps_.push_back(std::move(record));
    return steps_.back();
  }
  const Statement& statement = program_.threads[static_cast<std::size_t>(thread)][static_cast<std::size_t>(record.statement)];
  ModelState predicted = state_;
  apply_step(program_, predicted, thread);
  {
    std::lock_guard lock(impl_->board.mutex);
    impl_->board.status[static_cast<std::size_t>(thread)].go = true;
    impl_->board.changed.notify_all();
  }
  impl_->wait_until(program_, predicted, fmt::format("{}: {}", program_.thread_name(thread), record.text));
  state_ = std::move(predicted);
  record.after = shared();
  if (record.after != state_.shared)
    throw std::runtime_error(fmt::format("{}: {}: the threads' values differ from the rules'", program_.thread_name(thread), record.text));
  record.note = impl_->note_access(program_, statement, thread);
  if (const int lock = state_.blocked_on[static_cast<std::size_t>(thread)]; lock >= 0)
    record.note = fmt::format("{} blocked on Lock {}", program_.thread_name(thread), program_.lock_names[static_cast<std::size_t>(lock)]);
  steps_.push_back(std::move(record));
  return steps_.back();
}

SharedValues Stepper::shared() const {
  SharedValues values;
  {
    std::lock_guard lock(impl_->board.mutex);
    values.counter = impl_->board.counter;
    values.tmp = impl_->board.tmp;
  }
  for (const auto& lock : impl_->board.locks) values.holders.push_back(impl_->thread_of(lock->stats().holder_native_id));
  return values;
}

std::vector<int> Stepper::schedule() const {
  std::vector<int> accepted;
  for (const auto& record : steps_)
    if (!record.refused) accepted.push_back(record.thread);
  return accepted;
}

std::vector<SteppedThreadView> Stepper::threads() const {
  std::vector<SteppedThreadView> views;
  for (std::size_t i = 0; i < impl_->threads.size(); ++i) {
    const int thread = static_cast<int>(i);
    views.push_back({program_.thread_name(thread), impl_->threads[i]->native_id(), state_.next[i], state_.blocked_on[i],
                     stepping::finished(program_, state_, thread)});
  }
  return views;
}

std::vector<LockOrderInversion> Stepper::lock_order_inversions() const {
  return lock_order_inversions_since(impl_->inversions_before);
}

namespace {

// "every thread is blocked: T1 holds A and waits for B, T2 holds B and waits for A"
std::string deadlock_words(const DeadlockCycle& cycle) {
  std::string out = "every thread is blocked: ";
  for (std::size_t i = 0; i < cycle.links.size(); ++i) {
    const LockOrderStep& link = cycle.links[i];
    out += fmt::format("{}{} holds {} and waits for {}", i > 0 ? ", " : "", link.thread_name, link.held.name,
                       link.wanted.name);
  }
  return out;
}

}  // namespace

StepOutcome Stepper::outcome() const {
  StepOutcome out;
  out.expected = program_.expected_counter();
  out.actual = state_.shared.counter;
  out.stores = static_cast<std::int64_t>(impl_->writers.size());
  out.lost_updates = out.stores - out.actual;
  out.finished = all_finished(program_, state_);
  out.deadlock = all_blocked(program_, state_);
  if (out.deadlock) {
    // The engine's own detector, over the real wait-for graph.
    std::vector<std::int64_t> ours;
    for (const auto& thread : impl_->threads) ours.push_back(thread->native_id());
    for (DeadlockCycle& cycle : find_deadlocks(enumerate(), all_locks())) {
      const bool mine = std::all_of(cycle.links.begin(), cycle.links.end(), [&](const LockOrderStep& link) {
        return std::find(ours.begin(), ours.end(), link.native_id) != ours.end();
      });
      if (mine) out.cycle = std::move(cycle);
    }
    out.words = out.cycle ? deadlock_words(*out.cycle) : std::string("every thread is blocked");
  } else if (out.lost_updates > 0) {
    out.words = fmt::format("{}: counter = {}, expected {}", impl_->first_overwrite, out.actual,
                            out.finished ? out.expected : out.stores);
  } else if (out.finished) {
    out.words = fmt::format("every update counted: counter = {}, expected {}", out.actual, out.expected);
  } else {
    out.words = fmt::format("counter = {} after {} of {} increments", out.actual, out.stores, out.expected);
  }
  return out;
}

}  // namespace threadlab::stepping
