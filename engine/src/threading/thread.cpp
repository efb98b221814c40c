#include "threadlab/threading/thread.hpp"

#include <pthread.h>

#include <algorithm>
#include <cstdio>
#include <future>
#include <stdexcept>

#include "deadline.hpp"
#include "registry_internal.hpp"

namespace threadlab {
namespace {

struct ExceptHookSlot {
  std::mutex mutex;
  ExceptHook hook;
};

ExceptHookSlot& except_hook_slot() {
  static auto* slot = new ExceptHookSlot;  // threads may still report while statics are destroyed
  return *slot;
}

void default_excepthook(const ExceptHookArgs& args) {
  std::fprintf(stderr, "Exception in thread %s: %s\n", args.thread_name.c_str(), args.what.c_str());
}

void call_excepthook(std::exception_ptr exception, const std::string& thread_name) {
  ExceptHookArgs args{exception, "unknown exception", thread_name};
  try {
    std::rethrow_exception(exception);
  } catch (const std::exception& error) {
    args.what = error.what();
  } catch (...) {
  }
  ExceptHook hook;
  {
    auto& slot = except_hook_slot();
    std::lock_guard guard(slot.mutex);
    hook = slot.hook;
  }
  try {
    (hook ? hook : default_excepthook)(args);
  } catch (...) {
    // A failing hook must not take the process down; Python falls back to stderr too.
    default_excepthook(args);
  }
}

// The kernel keeps 15 characters of a thread's name (it shows in /proc and in debuggers).
void set_os_thread_name(pthread_t handle, const std::string& name) {
  ::pthread_setname_np(handle, name.substr(0, 15).c_str());
}

bool current_thread_is_daemon() {
  return detail::current_record().daemon.load(std::memory_order_relaxed);
}

}  // namespace

Thread::Thread(std::string name) : Thread(Target{}, std::move(name)) {}

Thread::Thread(Target target, std::string name)
    : target_(std::move(target)),
      record_(std::make_shared<detail::ThreadRecord>(name.empty() ? detail::next_default_thread_name()
                                                                  : std::move(name))),
      daemon_(current_thread_is_daemon()) {
  record_->started_by_engine = true;
  record_->daemon.store(daemon_, std::memory_order_relaxed);
}

Thread::~Thread() { stop_and_join(); }

void Thread::start() {
  if (started_.exchange(true)) throw std::runtime_error("threads can only be started once");
  std::promise<void> registered;
  auto alive = registered.get_future();
  {
    std::lock_guard guard(join_mutex_);
    thread_ = std::thread([this, registered = std::move(registered)]() mutable {
      const std::stop_token token = stop_source_.get_token();
      detail::enter_thread(record_, &token);
      set_os_thread_name(::pthread_self(), record_->name());
      registered.set_value();
      bootstrap();
      detail::leave_thread(record_);
      std::lock_guard finished_guard(finished_mutex_);
      finished_ = true;
      finished_cv_.notify_all();
    });
  }
  // As Python's start() does, return only once the thread is alive, so that
  // is_alive(), ident() and active_count() already count it.
  alive.wait();
}

void Thread::bootstrap() {
  try {
    run();
  } catch (const ThreadStopped&) {
    // A Guard refused in a stopping thread: the clean stop that was asked for.
  } catch (...) {
    call_excepthook(std::current_exception(), record_->name());
  }
}

void Thread::run() {
  if (target_) target_();
}

bool Thread::join(Timeout timeout) {
  if (!started_.load()) throw std::runtime_error("cannot join thread before it is started");
  if (is_current()) throw std::runtime_error("cannot join current thread");
  // Each caller waits on its own clock for the end of run(), not behind
  // another joiner: join(0.2) returns after 0.2 s whoever else joins.
  detail::Deadline deadline;
  if (timeout) {
    const double seconds = std::max(detail::checked_timeout_seconds(timeout->count()), 0.0);
    deadline = detail::deadline_after(seconds, std::chrono::steady_clock::now());
  }
  {
    std::unique_lock lock(finished_mutex_);
    const auto finished = [this] { return finished_; };
    if (deadline) {
      if (!finished_cv_.wait_until(lock, *deadline, finished)) return false;
    } else {
      finished_cv_.wait(lock, finished);
    }
  }
  // run() is over; what is left of the thread is its exit, which is quick.
  std::lock_guard guard(join_mutex_);
  if (thread_.joinable()) thread_.join();
  return true;
}

bool Thread::is_alive() const {
  const auto state = record_->state.load(std::memory_order_relaxed);
  return state == ThreadState::running || state == ThreadState::waiting_for_lock ||
         state == ThreadState::waiting_for_input;
}

std::string Thread::name() const { return record_->name(); }

void Thread::set_name(std::string name) {
  // The kernel's copy (for /proc and debuggers) can only be renamed safely by
  // the thread itself: from outside, it might be exiting at this moment.
  if (is_alive() && is_current()) set_os_thread_name(::pthread_self(), name);
  record_->set_name(std::move(name));
}

std::uint64_t Thread::ident() const { return record_->ident.load(std::memory_order_relaxed); }

std::int64_t Thread::native_id() const { return record_->native_id.load(std::memory_order_relaxed); }

void Thread::set_daemon(bool daemon) {
  if (started_.load()) throw std::runtime_error("cannot set daemon status of active thread");
  daemon_ = daemon;
  record_->daemon.store(daemon, std::memory_order_relaxed);
}

void Thread::stop_and_join() {
  request_stop();
  if (started_.load() && !is_current()) join();
}

bool Thread::is_current() const { return native_id() == get_native_id(); }

ExceptHook set_excepthook(ExceptHook hook) {
  auto& slot = except_hook_slot();
  std::lock_guard guard(slot.mutex);
  return std::exchange(slot.hook, std::move(hook));
}

namespace detail {

std::uint64_t start_new_thread_impl(std::function<void()> body) {
  auto record = std::make_shared<ThreadRecord>(next_default_thread_name());
  record->started_by_engine = true;
  record->daemon.store(true, std::memory_order_relaxed);  // nothing joins it, as in Python's _thread
  std::promise<void> registered;
  auto alive = registered.get_future();
  std::thread thread([record, registered = std::move(registered), body = std::move(body)]() mutable {
    enter_thread(record, nullptr);
    registered.set_value();
    try {
      body();
    } catch (const ThreadStopped&) {
      // Cannot happen (nothing stops this thread), but would be a clean stop.
    } catch (...) {
      call_excepthook(std::current_exception(), record->name());
    }
    leave_thread(record);
  });
  alive.wait();
  const auto ident = record->ident.load(std::memory_order_relaxed);
  thread.detach();
  return ident;
}

}  // namespace detail
}  // namespace threadlab
