#pragma once
// A Thread that runs submitted tasks one after another, in the order given:
// Python's concurrent.futures.ThreadPoolExecutor(max_workers=1). It is for
// work the render thread must not wait for, such as encoding and writing a
// screenshot (long enough at 1600x900 to be a visible stutter on the
// render thread). Each task ends with a line for the user, collected by whoever
// polls take_outcomes() (the UI, once a frame).

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace threadlab {

struct TaskOutcome {
  std::string message;  // what the task returned, or why it failed
  bool failed = false;  // the task threw; message is the exception's what()
};

class TaskQueue {
 public:
  // The thread, named thread_name, starts with the first task.
  explicit TaskQueue(std::string thread_name);
  // shutdown().
  ~TaskQueue();
  TaskQueue(const TaskQueue&) = delete;
  TaskQueue& operator=(const TaskQueue&) = delete;

  // Queues a task; it returns the line to report, or throws to report a
  // failure. Throws std::runtime_error("cannot schedule new tasks after
  // shutdown"), as Python does.
  void submit(std::function<std::string()> task);
  // Python's shutdown(wait=True): runs every task already submitted, then
  // joins the thread. Outcomes stay to be taken. Safe to call more than once.
  void shutdown();
  // Outcomes of the tasks finished since the last call, in order.
  std::vector<TaskOutcome> take_outcomes();
  // Tasks submitted and not yet finished.
  std::size_t unfinished() const;

 private:
  struct State;
  class Worker;
  std::string thread_name_;
  std::shared_ptr<State> state_;
  std::unique_ptr<Worker> worker_;
  bool shut_down_ = false;
};

}  // namespace threadlab
