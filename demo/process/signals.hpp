#pragma once
// How threadlab reacts to the signals a terminal or a service manager sends.
//
// SIGINT (Ctrl+C), SIGTERM (kill, systemd) and SIGHUP (the terminal closed)
// all ask the running command to stop: the handler only records the first
// one and wakes whoever waits (a self-pipe), and every command polls
// close_requested() or runs a SignalWatcher. The command then joins its
// threads, writes what it may, and main returns interrupted_exit_code()
// (128 + the signal: 130, 143, 129), which is what shells expect of a
// program killed by that signal.
//
// Under nohup (SIGHUP ignored when threadlab starts) SIGHUP stays ignored.
//
// SIGPIPE and SIGXFSZ are ignored: a closed stdout (`threadlab ... | head -1`)
// or a file-size limit (`ulimit -f`) then make write() fail with EPIPE /
// EFBIG, which the code reports, instead of killing the process before it
// has written its results.

#include <functional>
#include <string_view>

#include "threadlab/measurement/descriptor_watch.hpp"

namespace threadlab::app::signals {

// Installs the handlers and ignores SIGPIPE and SIGXFSZ. Idempotent; each
// call sets the handlers again.
void install();

// Whether SIGINT, SIGTERM or SIGHUP has arrived since install().
bool close_requested();
// How many times the process has been resumed (SIGCONT) after a stop
// (Ctrl+Z, SIGSTOP) since install(): a run spanning a stop measured the
// pause too, so it is reported as cut.
unsigned times_continued();
// The first of them that arrived, or 0.
int first_signal();
// 128 + first_signal(), or 0 when none arrived.
int interrupted_exit_code();

// The one rule for a signal that arrives while a command writes its results:
// until the command starts replacing its files, the signal stops it, nothing
// is replaced and it exits 128 + the signal; once it has started (the
// renames, a few milliseconds), it finishes, says so and exits 0.
// commit_results() is that point: true when no close signal has arrived, and
// from then on one that arrives is held back (close_requested() stays false);
// false when one has: the caller replaces nothing. Pass it as the
// CommitGate of output/atomic_file.hpp's writes.
bool commit_results();
// For a process that goes on after writing (the window, after the Compare
// button's files): a signal held back since commit_results() counts from
// now on, and the hold ends.
void release_held_signal();
// "SIGINT", "SIGTERM", "SIGHUP", or "signal N".
const char* signal_name(int signal_number);

// A descriptor that becomes readable (and stays so) once a close signal has
// arrived, for poll()/select() loops. -1 before install().
int wakeup_fd();

// Calls on_signal(signal) once, from the engine's "signal-watch" Thread
// (threadlab/descriptor_watch.hpp) waiting on the self-pipe, when a close
// signal arrives (at once if one already has). Destroying the watcher stops
// and joins that Thread without calling it. Lets a blocking command (a
// scenario, a wait on a condition variable) react at once rather than at
// its next poll; install() must have been called.
class SignalWatcher {
 public:
  explicit SignalWatcher(std::function<void(int signal_number)> on_signal);

 private:
  DescriptorWatch watch_;
};

// Writes `text` to stdout and flushes it. stdout may be a closed pipe
// (`threadlab ... | head -1`): a failed write is dropped, so it never costs
// a run or the files it writes afterwards.
void print_stdout(std::string_view text);

// Tests only: forgets the signal received, as if none had arrived.
void reset_for_tests();

}  // namespace threadlab::app::signals
