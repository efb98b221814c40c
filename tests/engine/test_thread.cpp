// threadlab::Thread behaves like Python's threading.Thread.
#include <catch2/catch.hpp>

#include <atomic>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <unistd.h>

#include "threadlab/threading.hpp"

using namespace std::chrono_literals;
using threadlab::Event;
using threadlab::Thread;

namespace {

// Python: class Counter(Thread): def run(self): ...
class Counter : public Thread {
 public:
  using Thread::Thread;
  ~Counter() override { stop_and_join(); }
  int counted = 0;

 protected:
  void run() override {
    for (int i = 0; i < 1000; ++i) ++counted;
  }
};

// Restores the previous excepthook when a test ends.
struct ScopedExceptHook {
  explicit ScopedExceptHook(threadlab::ExceptHook hook) : previous(threadlab::set_excepthook(std::move(hook))) {}
  ~ScopedExceptHook() { threadlab::set_excepthook(previous); }
  threadlab::ExceptHook previous;
};

}  // namespace

TEST_CASE("A subclass overrides run(), start() runs it on a new thread and join() waits for it", "[thread]") {
  Counter counter;
  REQUIRE_FALSE(counter.is_alive());
  counter.start();
  REQUIRE(counter.join());
  REQUIRE_FALSE(counter.is_alive());
  REQUIRE(counter.counted == 1000);
}

TEST_CASE("A target callable runs in place of run(), as Thread(target=fn)", "[thread]") {
  std::atomic<std::int64_t> ran_on{0};
  Thread thread([&] { ran_on = threadlab::get_native_id(); }, "worker");
  thread.start();
  thread.join();
  REQUIRE(ran_on.load() == thread.native_id());
  REQUIRE(ran_on.load() != threadlab::get_native_id());
}

TEST_CASE("start() returns once the thread is alive with its ident and native id", "[thread]") {
  Event release;
  Thread thread([&] { release.wait(); });
  REQUIRE(thread.ident() == 0);
  REQUIRE(thread.native_id() == 0);
  thread.start();
  REQUIRE(thread.is_alive());
  REQUIRE(thread.ident() != 0);
  REQUIRE(thread.native_id() > 0);
  REQUIRE(thread.native_id() != threadlab::get_native_id());
  release.set();
  thread.join();
}

TEST_CASE("Starting a thread twice is an error, as in Python", "[thread]") {
  Thread thread([] {});
  thread.start();
  REQUIRE_THROWS_WITH(thread.start(), "threads can only be started once");
  thread.join();
  REQUIRE_THROWS_WITH(thread.start(), "threads can only be started once");
}

TEST_CASE("Joining a thread that was never started is an error", "[thread]") {
  Thread thread([] {});
  REQUIRE_THROWS_WITH(thread.join(), "cannot join thread before it is started");
}

TEST_CASE("A thread joining itself is an error", "[thread]") {
  std::string error;
  Thread* self = nullptr;
  Thread thread([&] {
    try {
      self->join();
    } catch (const std::runtime_error& e) {
      error = e.what();
    }
  });
  self = &thread;
  thread.start();
  thread.join();
  REQUIRE(error == "cannot join current thread");
}

TEST_CASE("join(timeout) on a thread waiting for an Event returns false until the Event is set", "[thread]") {
  Event go;
  Thread waiter([&] { go.wait(); }, "waiter");
  waiter.start();
  REQUIRE_FALSE(waiter.join(10ms));
  REQUIRE(waiter.is_alive());
  REQUIRE_FALSE(waiter.join(0s));
  go.set();
  REQUIRE(waiter.join(60s));
  REQUIRE_FALSE(waiter.is_alive());
  REQUIRE(waiter.join(0s));  // joining an ended thread again is fine
}

TEST_CASE("Unnamed threads are numbered Thread-N in creation order, names can change", "[thread]") {
  Thread first;
  Thread second;
  const auto number = [](const std::string& name) { return std::stoi(name.substr(std::string("Thread-").size())); };
  REQUIRE(first.name().rfind("Thread-", 0) == 0);
  REQUIRE(second.name().rfind("Thread-", 0) == 0);
  REQUIRE(number(second.name()) == number(first.name()) + 1);

  Thread named([] {}, "renderer");
  REQUIRE(named.name() == "renderer");
  named.set_name("painter");
  REQUIRE(named.name() == "painter");
}

TEST_CASE("The kernel sees an engine thread's name (truncated to 15 characters)", "[thread]") {
  std::string comm;
  Thread thread(
      [&] {
        char buffer[32] = {};
        pthread_getname_np(pthread_self(), buffer, sizeof buffer);
        comm = buffer;
      },
      "mandelbrot-worker-12");
  thread.start();
  thread.join();
  REQUIRE(comm == "mandelbrot-work");
}

TEST_CASE("daemon is inherited from the creating thread and fixed once started", "[thread]") {
  Thread main_child;
  REQUIRE_FALSE(main_child.daemon());  // the main thread is not a daemon

  bool child_of_daemon_is_daemon = false;
  Thread daemon_parent([&] {
    Thread child;
    child_of_daemon_is_daemon = child.daemon();
  });
  daemon_parent.set_daemon(true);
  daemon_parent.start();
  daemon_parent.join();
  REQUIRE(child_of_daemon_is_daemon);

  REQUIRE_THROWS_WITH(daemon_parent.set_daemon(false), "cannot set daemon status of active thread");
}

TEST_CASE("Destroying a running Thread requests a stop and joins it", "[thread]") {
  const auto baseline = threadlab::active_count();
  std::atomic<bool> saw_stop{false};
  {
    class Loop : public Thread {
     public:
      explicit Loop(std::atomic<bool>& saw) : saw_(saw) {}
      ~Loop() override { stop_and_join(); }

     protected:
      void run() override {
        while (!stopping()) std::this_thread::yield();
        saw_ = true;
      }
      std::atomic<bool>& saw_;
    } loop(saw_stop);
    loop.start();
    REQUIRE(threadlab::active_count() == baseline + 1);
  }
  REQUIRE(saw_stop.load());
  REQUIRE(threadlab::active_count() == baseline);
}

TEST_CASE("run() sees a stop request through its std::stop_token", "[thread]") {
  Event started;
  class Waiter : public Thread {
   public:
    explicit Waiter(Event& started) : started_(started) {}
    ~Waiter() override { stop_and_join(); }
    bool stopped_cleanly = false;

   protected:
    void run() override {
      std::mutex mutex;
      std::condition_variable_any cv;
      std::unique_lock lock(mutex);
      started_.set();
      stopped_cleanly = !cv.wait(lock, stop_token(), [] { return false; });
    }
    Event& started_;
  } waiter(started);
  waiter.start();
  started.wait();
  waiter.request_stop();
  REQUIRE(waiter.join(60s));
  REQUIRE(waiter.stopped_cleanly);
}

TEST_CASE("An exception escaping run() goes to the excepthook, other threads carry on", "[thread]") {
  std::vector<threadlab::ExceptHookArgs> reports;
  std::mutex reports_mutex;
  ScopedExceptHook hook([&](const threadlab::ExceptHookArgs& args) {
    std::lock_guard guard(reports_mutex);
    reports.push_back(args);
  });

  Thread failing([] { throw std::runtime_error("boom"); }, "failing");
  Counter survivor("survivor");
  failing.start();
  survivor.start();
  REQUIRE(failing.join());
  REQUIRE(survivor.join());

  REQUIRE(survivor.counted == 1000);
  REQUIRE(reports.size() == 1);
  REQUIRE(reports[0].thread_name == "failing");
  REQUIRE(reports[0].what == "boom");
  REQUIRE_THROWS_AS(std::rethrow_exception(reports[0].exception), std::runtime_error);
}

TEST_CASE("The default excepthook prints 'Exception in thread NAME: what()' to stderr", "[thread]") {
  ScopedExceptHook restore_default({});
  std::FILE* capture = std::tmpfile();
  REQUIRE(capture != nullptr);
  std::fflush(stderr);
  const int saved_stderr = dup(STDERR_FILENO);
  dup2(fileno(capture), STDERR_FILENO);
  {
    Thread failing([] { throw std::logic_error("bad state"); }, "reporter");
    failing.start();
    failing.join();
  }
  std::fflush(stderr);
  dup2(saved_stderr, STDERR_FILENO);
  close(saved_stderr);

  std::rewind(capture);
  char line[256] = {};
  REQUIRE(std::fgets(line, sizeof line, capture) != nullptr);
  std::fclose(capture);
  REQUIRE(std::string(line) == "Exception in thread reporter: bad state\n");
}

TEST_CASE("start_new_thread runs fn(args...) on a new thread and returns its ident", "[thread]") {
  Event done;
  std::atomic<std::uint64_t> seen_ident{0};
  std::atomic<int> sum{0};
  const auto ident = threadlab::start_new_thread(
      [&](int a, int b) {
        seen_ident = threadlab::get_ident();
        sum = a + b;
        done.set();
      },
      20, 22);
  REQUIRE(done.wait(60s));
  REQUIRE(sum == 42);
  REQUIRE(ident == seen_ident.load());
  REQUIRE(ident != threadlab::get_ident());
}

TEST_CASE("An exception from a start_new_thread function also reaches the excepthook", "[thread]") {
  Event reported;
  std::string what;
  ScopedExceptHook hook([&](const threadlab::ExceptHookArgs& args) {
    what = args.what;
    reported.set();
  });
  threadlab::start_new_thread([] { throw std::runtime_error("from _thread"); });
  REQUIRE(reported.wait(60s));
  REQUIRE(what == "from _thread");
}
