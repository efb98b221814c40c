#include "stepping/stepped_thread.hpp"

#include "threadlab/diagnostics/thread_timeline.hpp"

namespace threadlab::stepping::detail {

Board::Board(const StepProgram& lesson) : program(lesson) {
  status.resize(program.threads.size());
  tmp.assign(program.threads.size(), 0);
  for (const auto& name : program.lock_names) locks.push_back(std::make_unique<Lock>(name, LockPolicy::fifo));
}

SteppedThread::SteppedThread(Board& board, int index)
    : Thread(board.program.thread_name(index)), board_(board), index_(index) {}

SteppedThread::~SteppedThread() { stop(); }

void SteppedThread::stop() {
  request_stop();
  {
    // Under the mutex: a thread between its check and its wait cannot miss it.
    std::lock_guard lock(board_.mutex);
    board_.changed.notify_all();
  }
  stop_and_join();
}

void SteppedThread::set_phase(GatePhase phase, int statement) {
  std::lock_guard lock(board_.mutex);
  auto& status = board_.status[static_cast<std::size_t>(index_)];
  status.phase = phase;
  status.statement = statement;
  board_.changed.notify_all();
}

bool SteppedThread::wait_at_gate(int statement) {
  std::unique_lock lock(board_.mutex);
  auto& status = board_.status[static_cast<std::size_t>(index_)];
  status.phase = GatePhase::parked;
  status.statement = statement;
  board_.changed.notify_all();
  // On the Timeline: paused by the player, not blocked on a Lock.
  timeline_mark_state(TimelineState::paused);
  board_.changed.wait(lock, [&] { return status.go || stopping(); });
  timeline_mark_state(TimelineState::running);
  if (stopping()) return false;
  status.go = false;
  status.phase = GatePhase::running;
  return true;
}

bool SteppedThread::execute(const Statement& statement, int index) {
  const auto me = static_cast<std::size_t>(index_);
  switch (statement.kind) {
    case StatementKind::load: board_.tmp[me] = board_.counter; break;
    case StatementKind::add: board_.tmp[me] = board_.tmp[me] + 1; break;
    case StatementKind::store: board_.counter = board_.tmp[me]; break;
    case StatementKind::increment: board_.counter = board_.counter + 1; break;
    case StatementKind::acquire: {
      set_phase(GatePhase::acquiring, index);
      // The engine's Lock, blocking: the Locks panel, the lock-order graph
      // and the deadlock detector see this wait as any other. A stop makes
      // it give up.
      return board_.locks[static_cast<std::size_t>(statement.lock)]->acquire();
    }
    case StatementKind::release: board_.locks[static_cast<std::size_t>(statement.lock)]->release(); break;
  }
  return true;
}

void SteppedThread::run() {
  const auto& statements = board_.program.threads[static_cast<std::size_t>(index_)];
  for (std::size_t i = 0; i < statements.size(); ++i) {
    if (!wait_at_gate(static_cast<int>(i))) break;
    if (!execute(statements[i], static_cast<int>(i))) break;
  }
  set_phase(GatePhase::finished, static_cast<int>(statements.size()));
}

}  // namespace threadlab::stepping::detail
