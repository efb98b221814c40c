#pragma once
// Python's threading module-level functions: active_count(), current_thread(),
// main_thread(), enumerate(). Each returns value snapshots, so what the UI
// holds stays valid after the threads it describes have ended.
//
// The tutorial (Python 2) spells two of them activeCount() and
// currentThread(); Python 3 deprecated those, and so does this header:
//   threading.activeCount()   -> active_count()
//   threading.currentThread() -> current_thread()

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace threadlab {

enum class ThreadState { created, running, waiting_for_lock, waiting_for_input, finished };

// "running", "waiting for lock NAME", "waiting for input: SOURCE", "finished",
// "not started". `what`: the Lock's name, or the input's source ("socket").
std::string describe(ThreadState state, const std::string& what = {});

struct ThreadInfo {
  std::string name;
  std::uint64_t ident = 0;     // pthread_self(), as Python's threading.get_ident(); 0 before start
  std::int64_t native_id = 0;  // kernel TID (gettid), as Python's threading.get_native_id(); 0 before start
  bool daemon = false;
  bool alive = false;
  bool is_main = false;
  bool started_by_engine = false;  // false for the main thread and "Dummy-N" foreign threads
  ThreadState state = ThreadState::created;
  std::uint64_t waiting_for_lock_id = 0;  // Lock::id() while state == waiting_for_lock
  std::string waiting_for_lock;           // that Lock's name
  std::string waiting_for_input;          // "socket" or "pipe" while state == waiting_for_input
  std::chrono::steady_clock::time_point started_at{};
  std::chrono::steady_clock::time_point finished_at{};
  std::uint64_t items_done = 0;  // work items the thread reported with report_item_done()

  std::string state_text() const {
    return describe(state, state == ThreadState::waiting_for_input ? waiting_for_input : waiting_for_lock);
  }
};

// Number of alive threads, the main thread included (Python counts it too).
std::size_t active_count();

// The calling thread. Works on the main thread, on engine Threads and on
// threads the engine did not start (registered as "Dummy-N", like Python).
ThreadInfo current_thread();

ThreadInfo main_thread();

// The tutorial's Python 2 spellings.
[[deprecated("use active_count()")]] inline std::size_t activeCount() { return active_count(); }
[[deprecated("use current_thread()")]] inline ThreadInfo currentThread() { return current_thread(); }

// Alive threads, main thread first, then in start order.
std::vector<ThreadInfo> enumerate();

// Threads that finished most recently, newest first (at most `limit`), so
// that a UI can show a worker's last state after it ends.
std::vector<ThreadInfo> recently_finished(std::size_t limit = 32);

// Counts one finished work item for the calling thread (shown per thread in
// the UI). Cheap: one relaxed atomic increment.
void report_item_done(std::uint64_t count = 1);

// Python's threading.get_ident() / threading.get_native_id().
std::uint64_t get_ident();
std::int64_t get_native_id();

}  // namespace threadlab
