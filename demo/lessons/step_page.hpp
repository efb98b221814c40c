#pragma once
// What the Step-through page's files share: the threads as columns of their
// statements, with a Step button each (step_columns.cpp), and the steps so
// far as a table (step_history.cpp), drawn by stepper_panel.cpp.

#include "panels/panels.hpp"
#include "threadlab/stepping/step_session.hpp"

namespace threadlab::ui {

// One column per thread: its name and state, a Step button (keys 1-4), its
// statements with the next one highlighted.
void draw_step_columns(const stepping::StepperSnapshot& snapshot, stepping::StepRequest& requests);
// Every step so far: who ran what, the counter and tmp before and after.
void draw_step_history(const stepping::StepperSnapshot& snapshot);

}  // namespace threadlab::ui
