#include "window/app.hpp"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string_view>
#include <cstdio>
#include <optional>
#include <utility>
#include <vector>

#include "output/pictures/screenshot.hpp"
#include "layout/layout.hpp"
#include "output/trace/trace_json.hpp"
#include "process/signals.hpp"

namespace threadlab::app {

namespace {
// Clamped, so that no duration overflows the clock's 64-bit nanoseconds
// (the command line refuses durations beyond a week long before this).
Clock::duration seconds_to_duration(double seconds) {
  constexpr double longest = 1e8;  // about three years
  return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(std::clamp(seconds, 0.0, longest)));
}
// Where the panels and the view were in the frame just drawn, in window pixels.
WindowLayout layout_now(float ui_scale) {
  WindowLayout layout;
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  layout.width = static_cast<int>(display.x);
  layout.height = static_cast<int>(display.y);
  layout.ui_scale = ui_scale;
  const auto to_rect = [](std::string name, const ui::PanelRect& r) {
    return LayoutRect{std::move(name), static_cast<int>(std::lround(r.pos.x)), static_cast<int>(std::lround(r.pos.y)),
                      static_cast<int>(std::lround(r.size.x)), static_cast<int>(std::lround(r.size.y))};
  };
  for (const ui::PlacedPanel& panel : ui::placed_panels()) {
    const std::string_view title = panel.name;
    layout.panels.push_back(to_rect(std::string(title.substr(0, title.find("###"))), panel.rect));
  }
  layout.view = to_rect("view", ui::view_rect());
  return layout;
}

}  // namespace

App::App(Window& window, Lab& lab, MandelbrotTexture& texture, const RunSettings& settings)
    : window_(window), lab_(lab), texture_(texture), settings_(settings) {}

SessionResult App::run() {
  started_ = Clock::now();
  const auto scripted_end =
      settings_.duration_seconds ? started_ + seconds_to_duration(*settings_.duration_seconds)
                                 : Clock::time_point::max();

  SessionResult result;
  result.end = SessionEnd::closed;
  std::optional<Clock::time_point> previous_frame_began;
  auto next_frame_due = started_;
  while (!window_.should_close()) {
    const auto frame_began = Clock::now();
    // A frame's time runs from its start to the next frame's start, so it
    // includes the wait for events; the first frame has none to report (0).
    const Millis last_frame_time =
        previous_frame_began ? Millis(frame_began - *previous_frame_began) : Millis{0};
    show_frame(frame_began, last_frame_time);
    previous_frame_began = frame_began;
    if (comparison_requested_) {
      result.end = SessionEnd::comparison_requested;
      break;
    }
    if (Clock::now() >= scripted_end) {
      result.end = SessionEnd::duration_over;
      break;
    }

    // A fixed cadence; after a long frame, start again from now rather than
    // rush out the frames that were missed.
    next_frame_due = std::max(next_frame_due + frame_period, Clock::now());
    wait_for_next_frame(next_frame_due);
  }

  // The session is over. The frame under way still counts, and so do the
  // pings that queued up during it: in single-thread mode it is the one that
  // ran the last job, often the longest. With the job cancelled, one more
  // on_frame() records both and runs nothing.
  const auto ended = Clock::now();
  lab_.cancel_job();
  window_.poll_events();
  if (previous_frame_began) lab_.on_frame(ended, Millis(ended - *previous_frame_began));
  result.facts.duration_s = std::chrono::duration<double>(ended - started_).count();
  result.facts.layout = layout_now(window_.ui_scale());
  result.last_snapshot = final_snapshot();
  // F12 pressed in the last frame is taken now, while the background writer
  // still takes work; then every screenshot still being written (F12 just
  // before a close or a signal) is finished, and its path printed, before
  // the session lets go.
  flush_screenshots();
  lab_.finish_background_tasks();
  report_background_outcomes();
  return result;
}

void App::show_frame(Clock::time_point frame_began, Millis last_frame_time) {
  if (screenshots_requested_ > 0 || (hooks_.want_capture && hooks_.want_capture(frame_began))) {
    window_.capture_next_frame();
  }
  frame(frame_began, last_frame_time);
  std::shared_ptr<const CapturedFrame> captured;
  if (auto frame_pixels = window_.take_captured_frame()) {
    captured = std::make_shared<const CapturedFrame>(std::move(*frame_pixels));
  }
  if (screenshots_requested_ > 0 && captured) {
    --screenshots_requested_;
    save_screenshot_of(captured);
  }
  if (hooks_.frame_shown) {
    hooks_.frame_shown(FrameShown{frames_shown_, started_, Clock::now(), last_frame_time, captured}, lab_);
  }
  ++frames_shown_;
}

void App::flush_screenshots() {
  // F12 pressed during the last frame (in single-thread mode, during the
  // last job's freeze) has reached the window but no frame has read it.
  for (const int key : window_.take_key_presses())
    if (key == GLFW_KEY_F12) ++screenshots_requested_;
  if (screenshots_requested_ == 0) return;
  hooks_ = FrameHooks{};  // the session's figures and pictures are already taken
  // Bounded: a key held down could queue more as fast as they are taken.
  for (int frames = 0; screenshots_requested_ > 0 && frames < 2 * screenshots_requested_ + 4; ++frames) {
    if (window_.should_close()) break;
    lab_.cancel_job();  // a frame here must not start another job's freeze
    show_frame(Clock::now(), Millis{0});
  }
}

void App::frame(Clock::time_point frame_began, Millis last_frame_time) {
  // In single-thread mode this runs the whole job, here on the render thread:
  // the freeze the demo is about.
  lab_.on_frame(frame_began, last_frame_time);
  upload_finished_tiles();
  report_background_outcomes();

  const LabSnapshot snapshot = lab_.snapshot();
  record_trace(snapshot, false);
  window_.begin_imgui_frame();
  ui::FrameRequests requests = ui::draw_all_panels(
      snapshot, std::chrono::duration<double>(frame_began - started_).count(),
      ui::CentreImage{texture_.imgui_id(), ImVec2(float(texture_.width()), float(texture_.height()))});
  handle_keys(snapshot, requests);
  if (hooks_.draw_overlay) hooks_.draw_overlay();
  draw_toast(frame_began);
  window_.render_and_swap();

  apply(requests.controls);
  apply(requests.view);
  if (snapshot.scenario) apply(requests.scenario, *snapshot.scenario);
  if (snapshot.stepper) apply_step_request(requests.stepper);
}

void App::apply_step_request(const stepping::StepRequest& request) {
  try {
    lab_.apply_step_request(request);
  } catch (const std::invalid_argument& error) {
    show_toast(fmt::format("Step through: {}", error.what()));
  }
}

void App::upload_finished_tiles() {
  for (const MandelbrotTile& tile : lab_.take_finished_tiles()) texture_.upload(tile);
  for (const ImVec4& changed : texture_.take_changed_uv()) window_.texture_changed(texture_.imgui_id(), changed);
}

void App::handle_keys(const LabSnapshot& snapshot, ui::FrameRequests& frame_requests) {
  ui::ControlRequests& requests = frame_requests.controls;
  const std::vector<int> presses = window_.take_key_presses();
  if (ImGui::GetIO().WantTextInput) return;  // the keys are typing into a field
  for (const int key : presses) {
    // Step through: 1-4 step thread T1-T4.
    if (snapshot.stepper && key >= GLFW_KEY_1 && key <= GLFW_KEY_4) frame_requests.stepper.steps.push_back(key - GLFW_KEY_1);
    if (key == GLFW_KEY_M) {
      // Each press flips the mode the frame would otherwise end in.
      const Mode mode = requests.mode.value_or(snapshot.settings.mode);
      requests.mode = mode == Mode::single_thread ? Mode::multi_thread : Mode::single_thread;
    } else if (key == GLFW_KEY_F12) {
      request_screenshot();  // each press its own: two presses in one frozen frame give two
    } else if (key == GLFW_KEY_T) {
      requests.save_trace = true;
    }
  }
}

void App::apply(const ui::ControlRequests& requests) {
  if (requests.page) {
    if (requests.page->stepper) {
      lab_.open_stepper(stepping::StepOptions{});
    } else if (requests.page->scenario) {
      lab_.close_stepper();
      lab_.start_scenario(*requests.page->scenario, false);
    } else {
      lab_.close_scenario();
      lab_.close_stepper();
      lab_.start_job();
    }
  }
  if (requests.mode) lab_.set_mode(*requests.mode);
  if (requests.workload) lab_.set_workload(*requests.workload);
  if (requests.workers) lab_.set_worker_count(*requests.workers);
  if (requests.priority) lab_.set_priority(*requests.priority);
  if (requests.cancel) lab_.cancel_job();
  if (requests.start) lab_.start_job();
  if (requests.reset_view) lab_.reset_view();
  if (requests.screenshot) request_screenshot();
  if (requests.save_trace) request_trace_save();
  if (requests.compare) comparison_requested_ = true;
}

void App::apply(const ui::ScenarioRequests& requests, const ScenarioSnapshot& shown) {
  const ScenarioKind kind = shown.current.kind;
  if (requests.fix) lab_.start_scenario(kind, *requests.fix);
  if (requests.run) lab_.start_scenario(kind, shown.current.fix);
  if (requests.stop) lab_.stop_scenario();
  if (requests.break_deadlock) lab_.break_deadlock();
}

void App::apply(const ui::ViewRequests& requests) {
  if (requests.pan_dx != 0 || requests.pan_dy != 0) {
    lab_.pan_pixels(requests.pan_dx, requests.pan_dy);
  }
  if (requests.zoom_at && requests.zoom_factor != 1.0) {
    lab_.zoom_at(requests.zoom_at->x, requests.zoom_at->y, requests.zoom_factor);
  }
}

void App::request_screenshot() { ++screenshots_requested_; }

std::filesystem::path App::screenshot_folder() const {
  return settings_.screenshot_dir ? *settings_.screenshot_dir : default_screenshot_dir();
}

void App::save_screenshot_of(std::shared_ptr<const CapturedFrame> frame) {
  // Turning the pixels into an image, encoding and writing the PNG (about
  // 0.2 s at 1600x900) would freeze the window: they run on the Lab's
  // background thread, and the toast follows when the file is there.
  lab_.run_in_background([frame = std::move(frame), folder = screenshot_folder(),
                          subject = screenshot_subject(lab_.snapshot())] {
    return fmt::format("screenshot saved to {}", save_screenshot(frame->to_image(), folder, subject).string());
  });
}

LabSnapshot App::final_snapshot() {
  LabSnapshot snapshot = lab_.snapshot();
  record_trace(snapshot, true);  // the trace ends where the session did
  return snapshot;
}

void App::record_trace(const LabSnapshot& snapshot, bool now) {
  if (!now && snapshot.taken_at - trace_recorded_at_ < trace_record_period) return;
  trace_recorded_at_ = snapshot.taken_at;
  lab_trace_.record(lab_, snapshot, *trace_);
}

void App::request_trace_save() {
  // Copying the last 30 s is quick; turning it into JSON and writing it
  // run on the Lab's background thread, and the toast follows.
  record_trace(lab_.snapshot(), true);
  auto recording = std::make_shared<TraceRecording>(trace_->take(saved_trace_span));
  // Named as a screenshot is, next to them: threadlab-<time>-<subject>.trace.json.
  const auto file = screenshot_folder() / fmt::format("threadlab-{}-{}.trace.json",
                                                      file_timestamp(std::chrono::system_clock::now()),
                                                      screenshot_subject(lab_.snapshot()));
  lab_.run_in_background([recording, file] {
    std::error_code error;
    std::filesystem::create_directories(file.parent_path(), error);
    if (error) throw std::runtime_error(fmt::format("cannot create {}: {}", file.parent_path().string(), error.message()));
    write_trace_file(file, *recording);
    return fmt::format("trace saved to {}", file.string());
  });
}

void App::report_background_outcomes() {
  for (const TaskOutcome& outcome : lab_.take_background_outcomes()) report_background_outcome(outcome);
}

void App::report_background_outcome(const TaskOutcome& outcome) {
  if (outcome.failed) {
    fmt::print(stderr, "threadlab: saving failed: {}\n", outcome.message);
    show_toast(fmt::format("Saving failed: {}", outcome.message));
  } else {
    signals::print_stdout(fmt::format("threadlab: {}\n", outcome.message));
    show_toast(outcome.message);
  }
}

void App::show_toast(std::string message) {
  // Sentence case for the toast: "Screenshot saved to ...".
  if (!message.empty()) message[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(message[0])));
  toast_ = std::move(message);
  toast_until_ = Clock::now() + std::chrono::seconds(6);
}

void App::draw_toast(Clock::time_point now) {
  // On the status line, fading over its last second.
  float alpha = 0.0f;
  if (!toast_.empty() && now <= toast_until_) {
    alpha = std::min(1.0f, std::chrono::duration<float>(toast_until_ - now).count());
  }
  ui::draw_status_line(toast_, alpha, window_.ui_scale());
}

void App::wait_for_next_frame(Clock::time_point deadline) {
  window_.poll_events();
  lab_.answer_probe();
  for (auto now = Clock::now(); now < deadline && !window_.should_close(); now = Clock::now()) {
    // The probe's wake (glfwPostEmptyEvent) ends this wait early, so each
    // ping is answered as soon as the loop is free.
    window_.wait_events(std::chrono::duration<double>(deadline - now).count());
    lab_.answer_probe();
  }
}

}  // namespace threadlab::app
