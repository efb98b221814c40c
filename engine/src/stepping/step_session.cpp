#include "threadlab/stepping/step_session.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace threadlab::stepping {

namespace {

std::string schedule_text(const std::vector<int>& schedule) {
  std::string out;
  for (const int thread : schedule) out += fmt::format("{}{}", out.empty() ? "" : ",", thread + 1);
  return out;
}

}  // namespace

StepSession::StepSession(const StepOptions& options) { restart(options); }

StepSession::~StepSession() = default;

void StepSession::restart(StepOptions options) {  // a copy: the old Stepper holds the one passed
  validate(options);
  stepper_.reset();  // joins the old threads before the new ones start
  // The Locks panel shows this run's possible deadlocks, not an earlier run's.
  reset_lock_order_reports();
  playing_.clear();
  message_.clear();
  stepper_ = std::make_unique<Stepper>(options);
}

void StepSession::step(int thread) {
  try {
    stepper_->step(thread);
  } catch (const std::runtime_error& error) {
    message_ = error.what();
    playing_.clear();
  }
}

void StepSession::undo() {
  std::vector<int> schedule = stepper_->schedule();
  if (schedule.empty()) return;
  schedule.pop_back();
  // Threads cannot run backwards: start again and replay all but the last step.
  restart(stepper_->options());
  for (const int thread : schedule) step(thread);
}

void StepSession::find_losing() {
  const StepOptions options = stepper_->options();
  std::uint64_t visited = 0;
  const auto found = find_losing_schedule(stepper_->program(), &visited);
  restart(options);
  const char* loss = options.lesson == StepLesson::race ? "loses an update" : "deadlocks";
  if (!found && visited >= search_state_limit) {
    message_ = fmt::format("No schedule that {} among the first {} states; the search stops there.", loss, visited);
    return;
  }
  if (!found) {
    message_ = fmt::format("No schedule {}: all {} reachable states searched.", loss, visited);
    return;
  }
  // The search's prefix, then the rest in thread order, as `threadlab step` runs it.
  ModelState state = initial_state(stepper_->program());
  std::vector<int> full = *found;
  for (const int thread : full) apply_step(stepper_->program(), state, thread);
  while (const auto thread = first_runnable(stepper_->program(), state)) {
    apply_step(stepper_->program(), state, *thread);
    full.push_back(*thread);
  }
  message_ = fmt::format("This schedule {}: {} (found after {} states). Playing it step by step.", loss,
                         schedule_text(full), visited);
  playing_ = std::move(full);
  next_play_ = {};
}

void StepSession::apply(const StepRequest& request) {
  if (request.restart) {
    restart(*request.restart);
    return;
  }
  if (request.stop_playing) playing_.clear();
  if (request.reset) restart(stepper_->options());
  if (request.undo) {
    playing_.clear();
    undo();
  }
  if (request.find_losing) find_losing();
  if (!request.steps.empty()) playing_.clear();
  for (const int thread : request.steps) step(thread);
}

void StepSession::tick(std::chrono::steady_clock::time_point now) {
  if (playing_.empty() || now < next_play_) return;
  const int thread = playing_.front();
  playing_.erase(playing_.begin());
  step(thread);
  next_play_ = now + play_interval;
}

StepperSnapshot StepSession::snapshot() const {
  StepperSnapshot out;
  out.options = stepper_->options();
  out.program = stepper_->program();
  out.threads = stepper_->threads();
  out.shared = stepper_->shared();  // the threads' own values and the Locks' holders
  out.steps = stepper_->steps();
  out.outcome = stepper_->outcome();
  out.lock_order_inversions = stepper_->lock_order_inversions();
  out.playing = playing_;
  out.message = message_;
  return out;
}

}  // namespace threadlab::stepping
