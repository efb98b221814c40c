// One frame of every panel, in one place: the window (App), the headless
// panel tests and the panel benchmark all draw exactly this. Each panel gets
// its slice of the snapshot (panel_slices.hpp), cut here.

#include "layout/layout.hpp"
#include "panels.hpp"

namespace threadlab::ui {

FrameRequests draw_all_panels(const LabSnapshot& snapshot, double seconds_since_start, const CentreImage& image) {
  LayoutInput input;
  input.window = ImGui::GetIO().DisplaySize;
  input.font_size = ImGui::GetFontSize();
  input.primes_current = snapshot.settings.workload == WorkloadKind::primes;
  input.scenario = snapshot.scenario.has_value() || snapshot.stepper.has_value();
  const Layout layout = arrange_panels(input);
  set_current_layout(layout, input);
  draw_panel_tabs(layout);
  FrameRequests requests;
  requests.controls = draw_controls_panel(controls_figures(snapshot));
  draw_heartbeat_panel(snapshot.frame_times_ms, seconds_since_start);
  // A scenario page shows the scenario where the Mandelbrot view was.
  if (snapshot.stepper) {
    requests.stepper = draw_stepper_panel(*snapshot.stepper);
  } else if (snapshot.scenario) {
    requests.scenario = draw_scenario_panel(*snapshot.scenario);
  } else {
    requests.view = draw_mandelbrot_panel(centre_view_figures(snapshot), image.texture, image.size);
  }
  draw_primes_panel(primes_figures(snapshot));
  draw_threads_panel(threads_figures(snapshot));
  draw_timeline_panel(snapshot.timeline);
  draw_frames_panel(frames_figures(snapshot));
  draw_cores_panel(cores_figures(snapshot));
  draw_locks_panel(locks_figures(snapshot));
  return requests;
}

}  // namespace threadlab::ui
