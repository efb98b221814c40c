#include "threadlab/threading/task_queue.hpp"

#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <stop_token>
#include <utility>

#include "threadlab/threading/thread.hpp"
#include "threadlab/diagnostics/thread_timeline.hpp"

namespace threadlab {

struct TaskQueue::State {
  mutable std::mutex mutex;
  std::condition_variable_any task_arrived;
  std::deque<std::function<std::string()>> tasks;
  std::vector<TaskOutcome> outcomes;
  std::size_t unfinished = 0;
};

class TaskQueue::Worker : public Thread {
 public:
  Worker(std::string name, std::shared_ptr<State> state) : Thread(std::move(name)), state_(std::move(state)) {}
  ~Worker() override { stop_and_join(); }

 protected:
  void run() override {
    const std::stop_token stop = stop_token();
    for (;;) {
      std::function<std::string()> task;
      {
        std::unique_lock lock(state_->mutex);
        // Wakes for a task or for the stop; a stop still drains the queue.
        if (state_->tasks.empty()) {
          const TimelineWaitScope idle;
          state_->task_arrived.wait(lock, stop, [&] { return !state_->tasks.empty(); });
        }
        if (state_->tasks.empty()) return;
        task = std::move(state_->tasks.front());
        state_->tasks.pop_front();
      }
      TaskOutcome outcome;
      try {
        outcome.message = task();
      } catch (const std::exception& error) {
        outcome = {error.what(), true};
      } catch (const ThreadStopped& stopped) {
        outcome = {stopped.what(), true};  // the queue is being closed; the rest drain the same way
      }
      const std::lock_guard lock(state_->mutex);
      state_->outcomes.push_back(std::move(outcome));
      --state_->unfinished;
    }
  }

 private:
  std::shared_ptr<State> state_;
};

TaskQueue::TaskQueue(std::string thread_name)
    : thread_name_(std::move(thread_name)), state_(std::make_shared<State>()) {}

TaskQueue::~TaskQueue() { shutdown(); }

void TaskQueue::shutdown() {
  shut_down_ = true;
  // The worker ends once the queue is empty; then nothing is left to run.
  if (worker_) worker_->stop_and_join();
}

void TaskQueue::submit(std::function<std::string()> task) {
  if (shut_down_) throw std::runtime_error("cannot schedule new tasks after shutdown");
  {
    const std::lock_guard lock(state_->mutex);
    state_->tasks.push_back(std::move(task));
    ++state_->unfinished;
  }
  if (!worker_) {
    worker_ = std::make_unique<Worker>(thread_name_, state_);
    worker_->start();
  }
  state_->task_arrived.notify_one();
}

std::vector<TaskOutcome> TaskQueue::take_outcomes() {
  const std::lock_guard lock(state_->mutex);
  return std::exchange(state_->outcomes, {});
}

std::size_t TaskQueue::unfinished() const {
  const std::lock_guard lock(state_->mutex);
  return state_->unfinished;
}

}  // namespace threadlab
