// The scripted run of a Step-through lesson (`threadlab step`): the given
// schedule, then the rest in thread order.

#include "threadlab/stepping/stepper.hpp"

namespace threadlab::stepping {

ScheduleRun run_schedule(const StepOptions& options, const std::vector<int>& schedule) {
  Stepper stepper(options);
  for (const int thread : schedule) stepper.step(thread);
  while (const auto thread = first_runnable(stepper.program(), stepper.state())) stepper.step(*thread);
  ScheduleRun run;
  run.steps = stepper.steps();
  run.outcome = stepper.outcome();
  run.lock_order_inversions = stepper.lock_order_inversions();
  return run;
}

}  // namespace threadlab::stepping
