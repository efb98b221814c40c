// Lock::Guard is Python's `with lock:`: its body never runs without the Lock,
// not even in a thread asked to stop while it waits for the Lock.
#include <catch2/catch.hpp>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "threadlab/threading.hpp"
#include "../wait_until.hpp"
#include "lock_test_support.hpp"

using namespace std::chrono_literals;
using threadlab::Lock;
using threadlab::Thread;
using threadlab::test::handshake_limit;
using threadlab::test::wait_for_waiters;

namespace {

// Counts what reaches the excepthook while it lives, and puts the old hook back.
struct HookSpy {
  std::atomic<int> calls{0};
  threadlab::ExceptHook previous;
  HookSpy() : previous(threadlab::set_excepthook([this](const threadlab::ExceptHookArgs&) { ++calls; })) {}
  ~HookSpy() { threadlab::set_excepthook(previous); }
};
}  // namespace

TEST_CASE("The README's two lines in a thread stopped while it waits: the body never runs", "[lock][guard]") {
  HookSpy hook;
  Lock lock("held-by-main");
  long total = 0;
  std::atomic<bool> after_body{false};
  REQUIRE(lock.acquire());
  Thread worker([&] {
    Lock::Guard with(lock);
    ++total;
    after_body = true;
  }, "adder");
  worker.start();
  wait_for_waiters(lock, 1);
  worker.request_stop();
  REQUIRE(worker.join(handshake_limit));
  CHECK(total == 0);
  CHECK_FALSE(after_body);
  CHECK(hook.calls == 0);  // a clean stop, not an error
  CHECK(lock.locked());    // still main's: the refused Guard released nothing
  lock.release();
  CHECK_FALSE(lock.locked());
}

TEST_CASE("Stopped threads never run a guarded body while another thread holds the Lock", "[lock][guard]") {
  HookSpy hook;
  Lock lock("contended");
  std::atomic<bool> main_inside{false};
  std::atomic<int> bodies_run_unlocked{0};
  std::atomic<int> bodies_run{0};
  REQUIRE(lock.acquire());
  main_inside = true;
  constexpr int thread_count = 4;
  std::vector<std::unique_ptr<Thread>> workers;
  for (int t = 0; t < thread_count; ++t) {
    workers.push_back(std::make_unique<Thread>([&] {
      for (;;) {
        Lock::Guard with(lock);
        if (main_inside) ++bodies_run_unlocked;  // the race the Guard exists to prevent
        ++bodies_run;
      }
    }));
  }
  for (auto& worker : workers) worker->start();
  wait_for_waiters(lock, thread_count);
  for (auto& worker : workers) worker->request_stop();
  for (auto& worker : workers) REQUIRE(worker->join(handshake_limit));
  CHECK(bodies_run_unlocked == 0);
  CHECK(bodies_run == 0);
  CHECK(hook.calls == 0);
  main_inside = false;
  lock.release();
}

TEST_CASE("A refused inner Guard unwinds the outer one: the thread ends holding nothing", "[lock][guard]") {
  Lock outer("outer");
  Lock inner("inner");
  std::atomic<bool> holds_outer{false};
  bool inner_body_ran = false;
  REQUIRE(inner.acquire());
  Thread worker([&] {
    Lock::Guard with_outer(outer);
    holds_outer = true;
    Lock::Guard with_inner(inner);
    inner_body_ran = true;
  });
  worker.start();
  wait_for_waiters(inner, 1);
  REQUIRE(holds_outer);
  worker.request_stop();
  REQUIRE(worker.join(handshake_limit));
  CHECK_FALSE(inner_body_ran);
  CHECK_FALSE(outer.locked());
  CHECK(inner.locked());
  inner.release();
}

TEST_CASE("Code that tidies up on a stop catches ThreadStopped and rethrows, std::exception does not catch it",
          "[lock][guard]") {
  HookSpy hook;
  Lock lock("tidy");
  std::atomic<int> tidied{0};
  std::atomic<int> caught_as_error{0};
  REQUIRE(lock.acquire());
  Thread worker([&] {
    try {
      try {
        Lock::Guard with(lock);
      } catch (const std::exception&) {
        ++caught_as_error;
      }
    } catch (const threadlab::ThreadStopped&) {
      ++tidied;
      throw;
    }
  });
  worker.start();
  wait_for_waiters(lock, 1);
  worker.request_stop();
  REQUIRE(worker.join(handshake_limit));
  CHECK(tidied == 1);
  CHECK(caught_as_error == 0);
  CHECK(hook.calls == 0);
  lock.release();
}

TEST_CASE("Outside engine Threads a Guard just waits for the Lock", "[lock][guard]") {
  Lock lock("plain");
  REQUIRE(lock.acquire());
  std::atomic<bool> body_ran{false};
  std::thread plain([&] {
    Lock::Guard with(lock);
    body_ran = lock.locked();
  });
  wait_for_waiters(lock, 1);
  CHECK_FALSE(body_ran);
  lock.release();
  threadlab::testing::wait_until([&] { return body_ran.load(); }, "the plain thread's body", handshake_limit);
  plain.join();
  CHECK_FALSE(lock.locked());
}
