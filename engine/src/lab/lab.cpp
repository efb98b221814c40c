// The Lab: a facade over the job runner (the main page's job, its workers
// and mode), the scenario host (the scenario pages) and the Step-through
// page, beside what measures the window itself: frame times, freezes, the
// responsiveness probe and the CPU monitor.

#include "threadlab/lab/lab.hpp"

#include <utility>

#include "freeze_tracker.hpp"
#include "job_runner.hpp"
#include "scenario_host.hpp"
#include "threadlab/diagnostics/thread_timeline.hpp"
#include "threadlab/measurement/cpu_monitor.hpp"
#include "threadlab/measurement/machine.hpp"
#include "threadlab/measurement/responsiveness_probe.hpp"

namespace threadlab {

const char* to_string(Mode mode) { return mode == Mode::single_thread ? "single" : "multi"; }
const char* to_string(WorkerPriority priority) {
  switch (priority) {
    case WorkerPriority::normal: return "normal";
    case WorkerPriority::lower: return "lower";
    case WorkerPriority::paced: return "paced";
    case WorkerPriority::idle: return "idle";
  }
  return "?";
}

struct Lab::Impl {
  ResponsivenessProbe probe;
  CpuMonitor cpu_monitor;
  LatencyRecorder frames;
  detail::FreezeTracker freezes;
  const std::int64_t render_tid = get_native_id();  // the thread that made the Lab
  TaskQueue background{"background-writer"};
  detail::JobRunner jobs;
  // Last: destroyed first, so the scenario's threads are joined before the
  // monitor and the probe they may appear in go.
  detail::ScenarioHost scenarios;

  Impl(LabSettings settings, std::function<void()> wake_ui)
      : probe(std::move(wake_ui)), jobs(std::move(settings)) {
    probe.start();
    // The Lab is made on the render thread: its CPU is the window's own cost.
    cpu_monitor.set_render_tid(render_tid);
    cpu_monitor.start();
  }

  void fill_threads(LabSnapshot& out) const {
    out.threads = enumerate();
    out.active_count = out.threads.size();
    out.current_thread = current_thread();
    out.finished_threads = recently_finished(8);
  }

  // The Locks panel's Locks: on a scenario or Step-through page, that page's
  // own, also after its run (the main page's would only confuse).
  void fill_locks(LabSnapshot& out, bool page_open) const {
    out.locks = all_locks();
    out.lock_order_inversions = lock_order_inversions();
    if (page_open) out.locks = scenarios.page_locks(std::move(out.locks), jobs.lock_ids(), out.locks_outlived);
  }

  void fill_cpu(LabSnapshot& out) const {
    out.cpu = cpu_monitor.latest();
    for (auto& history : cpu_monitor.core_history()) out.core_history.push_back({std::move(history)});
    out.process_history = cpu_monitor.process_history();
    out.mean_core_load_percent = cpu_monitor.mean_core_load();
    out.mean_process_percent = cpu_monitor.mean_process_percent();
    out.cpu_split = cpu_monitor.latest_split();
    out.mean_cpu_split = cpu_monitor.mean_split();
    out.render_tid = render_tid;
  }

  void fill_frames_and_probe(LabSnapshot& out) const {
    out.frame_times_ms = frames.window_values();
    out.frames = frames.summary();
    out.frames_window = frames.window_summary();
    out.longest_freeze_ms = freezes.longest_ms();
    out.last_freeze = freezes.last();
    out.probe_latencies_ms = probe.window_values();
    out.probe = probe.summary();
    out.probe_window = probe.window_summary();
    out.probe_lateness = probe.lateness_summary();
    out.not_responding_ms = probe.unanswered_for(out.taken_at).count();
  }

  void fill_timeline(LabSnapshot& out) const {
    const auto now_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(out.taken_at.time_since_epoch());
    out.timeline = take_timeline(std::chrono::seconds(10), cpu_monitor.thread_intervals(), render_tid, now_ns.count());
  }
};

Lab::Lab(LabSettings settings, std::function<void()> wake_ui)
    : impl_(std::make_unique<Impl>(std::move(settings), std::move(wake_ui))) {}

Lab::~Lab() = default;

void Lab::set_mode(Mode mode) { impl_->jobs.set_mode(mode); }
void Lab::set_workload(WorkloadKind kind) { impl_->jobs.set_workload(kind); }
void Lab::set_worker_count(int workers) { impl_->jobs.set_worker_count(workers); }
void Lab::set_priority(WorkerPriority priority) { impl_->jobs.set_priority(priority); }
void Lab::start_job() { impl_->jobs.start(); }
void Lab::cancel_job() { impl_->jobs.cancel(); }
bool Lab::job_running() const { return impl_->jobs.running(); }

void Lab::pan_pixels(double dx, double dy) { impl_->jobs.pan_pixels(dx, dy); }
void Lab::zoom_at(double pixel_x, double pixel_y, double factor) { impl_->jobs.zoom_at(pixel_x, pixel_y, factor); }
void Lab::reset_view() { impl_->jobs.reset_view(); }

void Lab::on_frame(Clock::time_point frame_began, Millis last_frame_time) {
  auto& lab = *impl_;
  timeline_mark_frame(frame_began);
  if (last_frame_time.count() > 0) lab.frames.add(frame_began, last_frame_time);
  lab.jobs.frame_drawn(last_frame_time.count());
  lab.freezes.frame(last_frame_time.count(), frame_began);
  lab.probe.answer_pings(frame_began);
  lab.jobs.end_finished_job(frame_began);
  if (stepper_) stepper_->tick(frame_began);
  lab.jobs.start_due_job();
  if (const auto ended = lab.jobs.run_on_render_thread()) lab.freezes.job(frame_began, *ended);
}

void Lab::answer_probe() { impl_->probe.answer_pings(); }

std::vector<MandelbrotTile> Lab::take_finished_tiles() { return impl_->jobs.take_finished_tiles(); }

LabSnapshot Lab::snapshot() const {
  const auto& lab = *impl_;
  LabSnapshot out;
  out.taken_at = Clock::now();
  out.core_count = core_count();
  lab.fill_threads(out);
  lab.fill_locks(out, lab.scenarios.open() || stepper_);
  lab.fill_cpu(out);
  lab.fill_frames_and_probe(out);
  lab.jobs.fill_snapshot(out);
  lab.scenarios.fill_snapshot(out);
  if (stepper_) out.stepper = stepper_->snapshot();
  lab.fill_timeline(out);
  out.cancellations = lab.jobs.cancellations();
  return out;
}

std::vector<CpuSample> Lab::cpu_samples_since(Clock::time_point after) const {
  return impl_->cpu_monitor.samples_since(after);
}

void Lab::clear_statistics() {
  auto& lab = *impl_;
  lab.frames.clear();
  lab.probe.clear();
  lab.cpu_monitor.reset_means();
  lab.freezes.clear();
  lab.jobs.clear_statistics();
}

void Lab::start_scenario(ScenarioKind kind, bool fix) {
  impl_->jobs.cancel();
  impl_->scenarios.close();    // stops and joins the previous one
  stepper_.reset();            // and the Step-through page's threads
  reset_lock_order_reports();  // the Locks panel shows this page's possible deadlocks, not the last one's
  impl_->scenarios.start(kind, fix, impl_->jobs.settings().scenario_duration);
}

void Lab::stop_scenario() { impl_->scenarios.stop(); }
void Lab::break_deadlock() { impl_->scenarios.break_deadlock(); }
void Lab::close_scenario() { impl_->scenarios.close(); }

void Lab::run_in_background(std::function<std::string()> task) { impl_->background.submit(std::move(task)); }

std::vector<TaskOutcome> Lab::take_background_outcomes() { return impl_->background.take_outcomes(); }

void Lab::finish_background_tasks() { impl_->background.shutdown(); }

}  // namespace threadlab
