#pragma once
// Python's threading.Thread in C++: subclass and override run(), or pass a
// target callable. Also _thread.start_new_thread and threading.excepthook.
//
// Names follow Python 3. The tutorial this demo teaches from is written for
// Python 2, whose camelCase spellings Python 3 deprecated; they are here too,
// [[deprecated]] with the new name in the warning, as Python 3's
// DeprecationWarning does:
//   t.isAlive()      -> t.is_alive()
//   t.getName()      -> t.name()        (Python 3: t.name)
//   t.setName(n)     -> t.set_name(n)   (Python 3: t.name = n)
//   t.isDaemon()     -> t.daemon()      (Python 3: t.daemon)
//   t.setDaemon(d)   -> t.set_daemon(d) (Python 3: t.daemon = d)
//   thread.start_new_thread (Python 2's module) -> _thread.start_new_thread
//   (same name here: start_new_thread)

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <thread>
#include <tuple>
#include <utility>

#include "threadlab/threading/thread_stopped.hpp"
#include "threadlab/threading/timeout.hpp"

namespace threadlab {

namespace detail {
struct ThreadRecord;
}

class Thread {
 public:
  using Target = std::function<void()>;
  using Timeout = std::optional<std::chrono::duration<double>>;

  // Python: Thread(name=None). An empty name becomes "Thread-N".
  explicit Thread(std::string name = {});
  // Python: Thread(target=fn, name=None).
  explicit Thread(Target target, std::string name = {});

  Thread(const Thread&) = delete;
  Thread& operator=(const Thread&) = delete;

  // Requests a cooperative stop and joins. A subclass whose run() touches the
  // subclass's own members must call stop_and_join() in its own destructor:
  // by the time this base destructor runs, those members are gone.
  virtual ~Thread();

  // Throws std::runtime_error("threads can only be started once").
  void start();

  // Waits until the thread ends or the timeout elapses; returns whether it
  // has ended (Python returns None and you call is_alive(); C++ says it).
  // The timeout counts from this call whoever else joins; a negative one is
  // 0, a NaN one throws std::invalid_argument and one above TIMEOUT_MAX
  // std::overflow_error (timeout.hpp). Throws std::runtime_error "cannot
  // join thread before it is started" and "cannot join current thread", as
  // Python does.
  bool join(Timeout timeout = {});

  bool is_alive() const;

  std::string name() const;
  void set_name(std::string name);

  std::uint64_t ident() const;     // 0 until started
  std::int64_t native_id() const;  // kernel TID, 0 until started

  bool daemon() const { return daemon_; }
  // Throws "cannot set daemon status of active thread" once started.
  void set_daemon(bool daemon);

  // The tutorial's Python 2 spellings (see the top of this file).
  [[deprecated("use is_alive()")]] bool isAlive() const { return is_alive(); }
  [[deprecated("use name()")]] std::string getName() const { return name(); }
  [[deprecated("use set_name()")]] void setName(std::string new_name) { set_name(std::move(new_name)); }
  [[deprecated("use daemon()")]] bool isDaemon() const { return daemon(); }
  [[deprecated("use set_daemon()")]] void setDaemon(bool daemonic) { set_daemon(daemonic); }

  // Cooperative cancellation: run() polls stopping() or stop_token() between
  // work items. A blocking Lock::acquire() inside this thread also gives up
  // (returns false) when a stop is requested, so a cancelled job never hangs;
  // a Lock::Guard then throws ThreadStopped, which ends run() as a clean stop
  // (thread_stopped.hpp).
  void request_stop() noexcept { stop_source_.request_stop(); }
  bool stopping() const noexcept { return stop_source_.stop_requested(); }
  std::stop_token stop_token() const noexcept { return stop_source_.get_token(); }

  // request_stop() then join(); safe to call more than once or never-started.
  void stop_and_join();

 protected:
  // The thread's body. The default calls the target, as Python's does.
  virtual void run();

 private:
  void bootstrap();
  bool is_current() const;

  Target target_;
  std::shared_ptr<detail::ThreadRecord> record_;
  std::stop_source stop_source_;
  bool daemon_;
  std::atomic<bool> started_{false};
  std::mutex join_mutex_;  // std::thread::join may not race with itself
  std::thread thread_;
  std::mutex finished_mutex_;
  std::condition_variable finished_cv_;
  bool finished_ = false;  // run() has returned and the registry knows
};

// Python's threading.excepthook: receives exceptions that escape run().
struct ExceptHookArgs {
  std::exception_ptr exception;
  std::string what;         // exception's what(), or "unknown exception"
  std::string thread_name;  // the thread it escaped from
};
using ExceptHook = std::function<void(const ExceptHookArgs&)>;

// Replaces the hook and returns the previous one. An empty hook restores the
// default, which prints "Exception in thread NAME: WHAT" to stderr.
ExceptHook set_excepthook(ExceptHook hook);

namespace detail {
std::uint64_t start_new_thread_impl(std::function<void()> body);
}

// Python's _thread.start_new_thread(function, args): starts a detached
// thread that ends silently when fn returns; returns its ident. Exceptions
// go to the excepthook, as in Python.
template <class F, class... Args>
std::uint64_t start_new_thread(F&& fn, Args&&... args) {
  return detail::start_new_thread_impl(
      [fn = std::forward<F>(fn), tuple = std::make_tuple(std::forward<Args>(args)...)]() mutable {
        std::apply(fn, std::move(tuple));
      });
}

}  // namespace threadlab
