#include "window/session.hpp"

#include <algorithm>

#include "drawing/texture.hpp"
#include "threadlab/lab/lab.hpp"

namespace threadlab::app {

SessionPlan plan_of(const RunSettings& settings) {
  SessionPlan plan;
  plan.lab = settings.lab;
  plan.page = settings.scenario_page;
  plan.step_page = settings.step_page;
  plan.duration_seconds = settings.duration_seconds;
  plan.screenshot_dir = settings.screenshot_dir;
  return plan;
}

SessionPlan scripted_plan(const SessionPlan& base, Mode mode, double seconds, bool start_job) {
  SessionPlan plan = base;
  plan.lab.mode = mode;
  plan.duration_seconds = seconds;
  plan.start_job = start_job;
  plan.page.reset();
  plan.page_fix = false;
  plan.step_page = false;
  plan.hooks = {};
  plan.trace = nullptr;
  plan.toast.clear();
  return plan;
}

SessionResult run_session(Window& window, const SessionPlan& plan) {
  // A fresh texture: what an earlier session drew must not show in this one.
  MandelbrotTexture texture(plan.lab.image_width, plan.lab.image_height);
  // Destroyed before the window: the probe's wake calls into GLFW.
  Lab lab(plan.lab, &Window::wake);
  // The job (or the scenario) starts at once, so the window looks alive on launch.
  if (plan.step_page) {
    lab.open_stepper(stepping::StepOptions{});
  } else if (plan.page) {
    lab.start_scenario(*plan.page, plan.page_fix);
  } else if (plan.start_job) {
    lab.start_job();
  }
  RunSettings loop_settings;
  loop_settings.lab = plan.lab;
  loop_settings.duration_seconds = plan.duration_seconds;
  loop_settings.screenshot_dir = plan.screenshot_dir;
  App app(window, lab, texture, loop_settings);
  app.set_frame_hooks(plan.hooks);
  app.set_trace(plan.trace);
  if (!plan.toast.empty()) app.show_toast(plan.toast);
  return app.run();
}

SessionPlan plan_resuming(const SessionPlan& plan, const SessionResult& ended, double seconds_used) {
  SessionPlan next = plan;
  next.lab = ended.last_snapshot.settings;
  next.page.reset();
  if (const auto& scenario = ended.last_snapshot.scenario) {
    next.page = scenario->current.kind;
    next.page_fix = scenario->current.fix;
  }
  if (plan.duration_seconds) {
    next.duration_seconds = std::max(0.0, *plan.duration_seconds - seconds_used);
  }
  next.toast.clear();
  return next;
}

}  // namespace threadlab::app
