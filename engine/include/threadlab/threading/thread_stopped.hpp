#pragma once
// What ends a guarded block in a thread that was asked to stop.
//
// Python's `with lock:` never runs its body without the Lock, and neither
// does Lock::Guard. In an engine Thread whose stop is requested while it
// waits for a held Lock, the acquire is refused; the Guard then throws
// ThreadStopped instead of running its body unlocked. The body is skipped,
// the Guards already taken further out release their Locks as the stack
// unwinds, and the exception ends the thread:
//
//   - Thread treats a ThreadStopped that escapes run() as a clean stop: the
//     thread ends quietly, without the excepthook.
//   - It does not derive from std::exception (as boost::thread_interrupted
//     does not), so a `catch (const std::exception&)` meant for errors does
//     not swallow the stop. Code that must tidy up on its way out (leave a
//     barrier, mark a job cancelled) catches ThreadStopped, tidies, and
//     rethrows.
//
// Only a blocking acquire on an engine Thread can be refused: outside one
// (the main thread, the render thread, start_new_thread) a Guard simply waits.

namespace threadlab {

class ThreadStopped {
 public:
  const char* what() const noexcept { return "the thread was asked to stop while it waited for a Lock"; }
};

}  // namespace threadlab
