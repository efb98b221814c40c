// SIGINT, SIGTERM and SIGHUP ask for a close and set the exit code shells
// expect; SIGPIPE and SIGXFSZ no longer kill the process. Each TEST_CASE runs
// in a process of its own (catch_discover_tests), so the signal state starts
// fresh.

#include <catch2/catch.hpp>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <future>

#include "process/signals.hpp"

using namespace threadlab::app;

namespace {
// As a process started from a terminal: SIGHUP at its default, even when the
// tests run under nohup (install() keeps an inherited ignored SIGHUP ignored).
void install_as_from_a_terminal() {
  ::signal(SIGHUP, SIG_DFL);
  signals::install();
}
}  // namespace
using namespace std::chrono_literals;

TEST_CASE("Before any signal nothing is requested and the exit code is 0", "[signals]") {
  install_as_from_a_terminal();
  signals::reset_for_tests();
  CHECK_FALSE(signals::close_requested());
  CHECK(signals::first_signal() == 0);
  CHECK(signals::interrupted_exit_code() == 0);
}

TEST_CASE("SIGINT, SIGTERM and SIGHUP request a close with exit codes 130, 143 and 129", "[signals]") {
  install_as_from_a_terminal();
  for (const auto& [signal_number, code, name] :
       {std::tuple{SIGINT, 130, "SIGINT"}, std::tuple{SIGTERM, 143, "SIGTERM"}, std::tuple{SIGHUP, 129, "SIGHUP"}}) {
    INFO(name);
    signals::reset_for_tests();
    REQUIRE(::raise(signal_number) == 0);  // the handler has run when raise returns
    CHECK(signals::close_requested());
    CHECK(signals::first_signal() == signal_number);
    CHECK(signals::interrupted_exit_code() == code);
    CHECK(std::string(signals::signal_name(signal_number)) == name);
  }
}

TEST_CASE("The first signal decides the exit code", "[signals]") {
  install_as_from_a_terminal();
  signals::reset_for_tests();
  ::raise(SIGHUP);
  ::raise(SIGTERM);
  CHECK(signals::first_signal() == SIGHUP);
  CHECK(signals::interrupted_exit_code() == 129);
}

TEST_CASE("A SignalWatcher calls back once a signal arrives, and not at all when destroyed first", "[signals]") {
  install_as_from_a_terminal();
  signals::reset_for_tests();
  {
    std::promise<int> never;
    signals::SignalWatcher watcher([&never](int signal_number) { never.set_value(signal_number); });
  }  // joined without a call: set_value would have been called otherwise
  std::promise<int> called;
  auto result = called.get_future();
  signals::SignalWatcher watcher([&called](int signal_number) { called.set_value(signal_number); });
  ::raise(SIGTERM);
  REQUIRE(result.wait_for(10s) == std::future_status::ready);  // bounded: a lost wake-up fails here
  CHECK(result.get() == SIGTERM);
}

TEST_CASE("A watcher made after the signal calls back at once", "[signals]") {
  install_as_from_a_terminal();
  signals::reset_for_tests();
  ::raise(SIGINT);
  std::promise<int> called;
  auto result = called.get_future();
  signals::SignalWatcher watcher([&called](int signal_number) { called.set_value(signal_number); });
  REQUIRE(result.wait_for(10s) == std::future_status::ready);
  CHECK(result.get() == SIGINT);
}

TEST_CASE("A write to a closed pipe fails with EPIPE instead of killing the process", "[signals]") {
  install_as_from_a_terminal();
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  ::close(fds[0]);
  const char byte = 'x';
  errno = 0;
  CHECK(::write(fds[1], &byte, 1) == -1);  // without install(), SIGPIPE would end the test here
  CHECK(errno == EPIPE);
  ::close(fds[1]);
  signals::print_stdout("");  // and printing to stdout never throws
}

TEST_CASE("A signal before commit_results() refuses the commit, one after is held back until released",
          "[signals]") {
  install_as_from_a_terminal();
  SECTION("before: nothing may be replaced, and the exit code says which signal") {
    signals::reset_for_tests();
    ::raise(SIGTERM);
    CHECK_FALSE(signals::commit_results());
    CHECK(signals::interrupted_exit_code() == 143);
  }
  SECTION("after: the command finishes and exits 0") {
    signals::reset_for_tests();
    REQUIRE(signals::commit_results());
    ::raise(SIGINT);
    CHECK_FALSE(signals::close_requested());
    CHECK(signals::interrupted_exit_code() == 0);
    CHECK(signals::commit_results());  // a second write of the same command goes in too
  }
  SECTION("after, in a process that goes on: the held signal counts once released") {
    signals::reset_for_tests();
    REQUIRE(signals::commit_results());
    ::raise(SIGHUP);
    std::promise<int> called;
    auto result = called.get_future();
    signals::SignalWatcher watcher([&called](int signal_number) { called.set_value(signal_number); });
    signals::release_held_signal();
    CHECK(signals::close_requested());
    CHECK(signals::interrupted_exit_code() == 129);
    REQUIRE(result.wait_for(10s) == std::future_status::ready);  // the watchers are woken too
    CHECK(result.get() == SIGHUP);
  }
  SECTION("released with nothing held: signals count as before") {
    signals::reset_for_tests();
    REQUIRE(signals::commit_results());
    signals::release_held_signal();
    CHECK_FALSE(signals::close_requested());
    ::raise(SIGINT);
    CHECK(signals::interrupted_exit_code() == 130);
  }
}
