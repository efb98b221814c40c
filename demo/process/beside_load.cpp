#include "process/beside_load.hpp"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace threadlab::app {

namespace {

// The child: default signal dispositions (Ctrl+C ends it with the rest of
// the terminal's job), dies with its parent, and spins. Only async-signal-
// safe calls: the parent may have threads.
[[noreturn]] void spin_as_child(pid_t parent) {
  for (int signal_number : {SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGCONT}) ::signal(signal_number, SIG_DFL);
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) ::_exit(0);  // the parent died before the line above
  ::prctl(PR_SET_NAME, "threadlab-busy");
  volatile unsigned long counter = 0;
  for (;;) counter = counter + 1;
}

}  // namespace

BesideLoad::BesideLoad(int processes) {
  const pid_t parent = ::getpid();
  for (int i = 0; i < processes; ++i) {
    const pid_t child = ::fork();
    if (child == 0) spin_as_child(parent);
    if (child < 0) {
      const std::string why = std::strerror(errno);
      end_all();
      throw std::runtime_error("--beside: cannot start a CPU-bound process: " + why);
    }
    children_.push_back(child);
  }
}

BesideLoad::~BesideLoad() { end_all(); }

int BesideLoad::running() const {
  int alive = 0;
  for (pid_t child : children_) {
    if (::waitpid(child, nullptr, WNOHANG) == 0) ++alive;
  }
  return alive;
}

void BesideLoad::end_all() {
  for (pid_t child : children_) ::kill(child, SIGKILL);
  for (pid_t child : children_) {
    while (::waitpid(child, nullptr, 0) < 0 && errno == EINTR) {
    }
  }
  children_.clear();
}

}  // namespace threadlab::app
