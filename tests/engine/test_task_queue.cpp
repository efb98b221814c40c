// TaskQueue: Python's ThreadPoolExecutor(max_workers=1), for work the render
// thread hands off (writing a screenshot) and hears back about.

#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <vector>

#include "threadlab/threading/event.hpp"
#include "threadlab/threading/registry.hpp"
#include "threadlab/threading/task_queue.hpp"

using threadlab::TaskQueue;

TEST_CASE("A task queue starts no thread until it is given a task", "[task_queue]") {
  const std::size_t before = threadlab::active_count();
  TaskQueue queue("writer");
  REQUIRE(threadlab::active_count() == before);
  REQUIRE(queue.unfinished() == 0);
  REQUIRE(queue.take_outcomes().empty());
}

TEST_CASE("Tasks run one after another in the order given, on the queue's own named thread", "[task_queue]") {
  const std::string caller = threadlab::current_thread().name;
  std::vector<std::string> ran_on;  // written only by the queue's thread, read after shutdown()
  TaskQueue queue("writer");
  for (int i = 1; i <= 3; ++i) {
    queue.submit([i, &ran_on] {
      ran_on.push_back(threadlab::current_thread().name);
      return "task " + std::to_string(i) + " done";
    });
  }
  queue.shutdown();

  REQUIRE(ran_on == std::vector<std::string>{"writer", "writer", "writer"});
  REQUIRE(caller != "writer");
  const auto outcomes = queue.take_outcomes();
  REQUIRE(outcomes.size() == 3);
  for (int i = 0; i < 3; ++i) {
    REQUIRE(outcomes[i].message == "task " + std::to_string(i + 1) + " done");
    REQUIRE_FALSE(outcomes[i].failed);
  }
  REQUIRE(queue.unfinished() == 0);
  REQUIRE(queue.take_outcomes().empty());  // each outcome is taken once
}

TEST_CASE("A task that throws is reported as failed with its message, and the next task still runs",
          "[task_queue]") {
  TaskQueue queue("writer");
  queue.submit([]() -> std::string { throw std::runtime_error("cannot write /x.png: Permission denied"); });
  queue.submit([] { return std::string("saved"); });
  queue.shutdown();
  const auto outcomes = queue.take_outcomes();
  REQUIRE(outcomes.size() == 2);
  REQUIRE(outcomes[0].failed);
  REQUIRE(outcomes[0].message == "cannot write /x.png: Permission denied");
  REQUIRE_FALSE(outcomes[1].failed);
  REQUIRE(outcomes[1].message == "saved");
}

TEST_CASE("The caller goes on while a task runs, and hears of it when it ends", "[task_queue]") {
  threadlab::Event may_finish;
  TaskQueue queue("writer");
  queue.submit([&may_finish] {
    may_finish.wait();
    return std::string("finished");
  });
  // The task is blocked, yet submit() has returned: nothing is reported yet.
  REQUIRE(queue.unfinished() == 1);
  REQUIRE(queue.take_outcomes().empty());
  may_finish.set();
  queue.shutdown();
  REQUIRE(queue.unfinished() == 0);
  REQUIRE(queue.take_outcomes().size() == 1);
}

TEST_CASE("After shutdown every submitted task has run, the thread is gone, and new tasks are refused",
          "[task_queue]") {
  const std::size_t before = threadlab::active_count();
  int runs = 0;
  TaskQueue queue("writer");
  for (int i = 0; i < 5; ++i) queue.submit([&runs] { return std::to_string(++runs); });
  queue.shutdown();
  queue.shutdown();  // twice is fine
  REQUIRE(runs == 5);
  REQUIRE(threadlab::active_count() == before);
  REQUIRE_THROWS_WITH(queue.submit([] { return std::string(); }), "cannot schedule new tasks after shutdown");
}
