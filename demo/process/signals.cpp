#include "process/signals.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <mutex>
#include <stdexcept>
#include <string>

namespace threadlab::app::signals {
namespace {

// Only lock-free atomics and write() may be touched from a handler.
// received: 0 (none), the first close signal, or `committing` while a
// command replaces its files (commit_results); a signal then goes to `held`.
constexpr int committing = -1;
std::atomic<int> received{0};
std::atomic<int> held{0};
static_assert(std::atomic<int>::is_always_lock_free);
int pipe_read = -1;
std::atomic<int> pipe_write{-1};

void wake_watchers() {
  const int fd = pipe_write.load(std::memory_order_relaxed);
  if (fd >= 0) {
    const char byte = 1;
    // Non-blocking: a full pipe is already readable, which is all it is for.
    [[maybe_unused]] const auto written = ::write(fd, &byte, 1);
  }
}

void on_signal(int signal_number) {
  const int saved_errno = errno;  // the interrupted code may be reading errno
  int expected = 0;
  if (received.compare_exchange_strong(expected, signal_number)) {
    wake_watchers();
  } else if (expected == committing) {
    int none = 0;
    held.compare_exchange_strong(none, signal_number);
  }
  errno = saved_errno;
}

// SIGCONT: the process was stopped (Ctrl+Z, SIGSTOP) and has resumed.
std::atomic<unsigned> continued{0};
static_assert(std::atomic<unsigned>::is_always_lock_free);

void on_continue(int) { continued.fetch_add(1, std::memory_order_relaxed); }

std::once_flag installed;
// `nohup threadlab ...` starts us with SIGHUP ignored: the user wants the run
// to outlive the terminal, so it stays ignored. (SIGINT is taken over even
// when ignored: a shell script's background jobs start with it ignored, and
// `kill -INT` must still stop them.)
bool hangup_ignored = false;

}  // namespace

void install() {
  std::call_once(installed, [] {
    struct sigaction inherited {};
    hangup_ignored = ::sigaction(SIGHUP, nullptr, &inherited) == 0 && inherited.sa_handler == SIG_IGN;
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) == 0) {
      pipe_read = fds[0];
      pipe_write.store(fds[1]);
    }
  });
  // The handlers are set on every call, not once: whoever replaced them
  // since (a test framework's own crash handlers) is overridden again.
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  // SA_RESTART: a read or a wait interrupted by the signal carries on; the
  // loops see the request through close_requested() or the self-pipe.
  action.sa_flags = SA_RESTART;
  ::sigaction(SIGINT, &action, nullptr);
  ::sigaction(SIGTERM, &action, nullptr);
  if (!hangup_ignored) ::sigaction(SIGHUP, &action, nullptr);
  struct sigaction resumed {};
  resumed.sa_handler = on_continue;
  sigemptyset(&resumed.sa_mask);
  resumed.sa_flags = SA_RESTART;
  ::sigaction(SIGCONT, &resumed, nullptr);
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  sigemptyset(&ignore.sa_mask);
  ::sigaction(SIGPIPE, &ignore, nullptr);
  ::sigaction(SIGXFSZ, &ignore, nullptr);
}

bool close_requested() { return received.load(std::memory_order_relaxed) > 0; }

unsigned times_continued() { return continued.load(std::memory_order_relaxed); }

int first_signal() { return std::max(received.load(std::memory_order_relaxed), 0); }

bool commit_results() {
  int expected = 0;
  return received.compare_exchange_strong(expected, committing) || expected == committing;
}

void release_held_signal() {
  int expected = committing;
  if (!received.compare_exchange_strong(expected, 0)) return;
  // A signal from here on finds 0 and counts by itself; one held before
  // counts now.
  if (const int signal_number = held.exchange(0); signal_number != 0) {
    int none = 0;
    if (received.compare_exchange_strong(none, signal_number)) wake_watchers();
  }
}

int interrupted_exit_code() {
  const int signal_number = first_signal();
  return signal_number == 0 ? 0 : 128 + signal_number;
}

const char* signal_name(int signal_number) {
  switch (signal_number) {
    case SIGINT: return "SIGINT";
    case SIGTERM: return "SIGTERM";
    case SIGHUP: return "SIGHUP";
    default: {
      thread_local std::string text;
      text = "signal " + std::to_string(signal_number);
      return text.c_str();
    }
  }
}

int wakeup_fd() { return pipe_read; }

SignalWatcher::SignalWatcher(std::function<void(int)> on_signal)
    // The pipe is never drained, so once a signal came it stays readable for
    // every watcher; -1 (not installed) leaves only the destructor to end it.
    : watch_(pipe_read, close_requested, [callback = std::move(on_signal)] { callback(first_signal()); },
             "signal-watch") {}

void print_stdout(std::string_view text) {
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0) {
    std::clearerr(stdout);  // and the next line is tried again
  }
}

void reset_for_tests() {
  received.store(0);
  held.store(0);
  // Drained too, or a watcher would find the pipe readable with no signal.
  char buffer[64];
  while (pipe_read >= 0 && ::read(pipe_read, buffer, sizeof buffer) > 0) {
  }
}

}  // namespace threadlab::app::signals
