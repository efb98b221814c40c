// Each panel's slice, cut from the one snapshot of the frame.

#include "panel_slices.hpp"

namespace threadlab::ui {

namespace {

JobFigures job_figures(const LabSnapshot& snapshot) {
  JobFigures job;
  job.name = snapshot.job_name;
  job.progress = snapshot.job;
  job.error = snapshot.job_error;
  job.running = snapshot.job_running;
  job.next_job_due = snapshot.next_job_due;
  job.last_freeze = snapshot.last_freeze;
  if (snapshot.ended_job) job.ended_job_seconds = snapshot.ended_job->seconds;
  job.next_view = snapshot.next_view;
  job.jobs_completed = snapshot.jobs_completed;
  job.last_job_seconds = snapshot.last_job_seconds;
  job.items_done_total = snapshot.items_done_total;
  job.session_seconds = snapshot.session_seconds;
  job.items_per_second = snapshot.items_per_second;
  return job;
}

ThreadNames thread_names(const LabSnapshot& snapshot) {
  return {snapshot.threads, snapshot.finished_threads, snapshot.render_tid};
}

}  // namespace

Page page_of(const LabSnapshot& snapshot) {
  if (snapshot.stepper) return Page{std::nullopt, true};
  return snapshot.scenario ? Page{snapshot.scenario->current.kind} : Page{};
}

ControlsFigures controls_figures(const LabSnapshot& snapshot) {
  ControlsFigures controls;
  controls.page = page_of(snapshot);
  controls.mode = snapshot.settings.mode;
  controls.workload = snapshot.settings.workload;
  controls.priority = snapshot.settings.priority;
  controls.workers_work_share = snapshot.workers_work_share;
  controls.image_width = snapshot.settings.image_width;
  controls.worker_count = snapshot.worker_count;
  controls.cores =
      snapshot.cpu.core_load.empty() ? snapshot.core_count : static_cast<int>(snapshot.cpu.core_load.size());
  controls.job = job_figures(snapshot);
  return controls;
}

ThreadsFigures threads_figures(const LabSnapshot& snapshot) {
  return {snapshot.active_count, snapshot.current_thread.name, snapshot.threads, snapshot.finished_threads,
          snapshot.cpu.threads};
}

CoresFigures cores_figures(const LabSnapshot& snapshot) {
  return {snapshot.core_count,
          snapshot.cpu.core_load,
          snapshot.cpu.total_load,
          snapshot.cpu.process_percent,
          snapshot.core_history,
          snapshot.process_history,
          snapshot.mean_core_load_percent,
          snapshot.mean_process_percent,
          snapshot.cpu_split,
          snapshot.mean_cpu_split};
}

LocksFigures locks_figures(const LabSnapshot& snapshot) {
  return {snapshot.locks, snapshot.locks_outlived, snapshot.lock_order_inversions, snapshot.scenario.has_value()};
}

FramesFigures frames_figures(const LabSnapshot& snapshot) {
  return {snapshot.taken_at,          snapshot.frame_times_ms,     snapshot.frames,
          snapshot.frames_window,     snapshot.probe_latencies_ms, snapshot.probe,
          snapshot.probe_window,      snapshot.not_responding_ms,  snapshot.longest_freeze_ms,
          snapshot.last_freeze};
}

PrimesFigures primes_figures(const LabSnapshot& snapshot) {
  return {snapshot.settings.workload == WorkloadKind::primes, snapshot.settings.primes_limit,
          snapshot.primes_found, snapshot.job, snapshot.items_per_second};
}

CentreViewFigures centre_view_figures(const LabSnapshot& snapshot) {
  CentreViewFigures centre;
  centre.workload = snapshot.settings.workload;
  centre.job = snapshot.job;
  centre.next_job_due = snapshot.next_job_due;
  centre.view = snapshot.mandelbrot_view;
  centre.cancellations = snapshot.cancellations;
  centre.primes = {snapshot.primes_segment_sievers, snapshot.primes_segments_taken, snapshot.primes_found,
                   snapshot.job, snapshot.next_job_due, thread_names(snapshot)};
  centre.io = {snapshot.io_bytes_received, snapshot.io_fetchers, snapshot.io_files_taken, snapshot.io_port,
               snapshot.settings.io, snapshot.job_error, snapshot.job, thread_names(snapshot)};
  return centre;
}

}  // namespace threadlab::ui
