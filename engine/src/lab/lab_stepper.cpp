// The Lab's Step-through page: one StepSession, opened in place of the job
// and of any scenario.

#include "threadlab/lab/lab.hpp"

namespace threadlab {

void Lab::open_stepper(const stepping::StepOptions& options) {
  stepping::validate(options);
  cancel_job();
  close_scenario();
  stepper_.reset();  // joins the previous page's threads first
  stepper_ = std::make_unique<stepping::StepSession>(options);
}

void Lab::close_stepper() { stepper_.reset(); }

void Lab::apply_step_request(const stepping::StepRequest& request) {
  if (stepper_) stepper_->apply(request);
}

}  // namespace threadlab
