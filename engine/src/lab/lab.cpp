#include "threadlab/lab/lab.hpp"

#include <algorithm>
#include <stdexcept>
#include <iterator>
#include <utility>

#include "threadlab/measurement/cpu_monitor.hpp"
#include "threadlab/measurement/machine.hpp"
#include "threadlab/workloads/primes.hpp"
#include "threadlab/measurement/responsiveness_probe.hpp"
#include "threadlab/diagnostics/thread_timeline.hpp"
#include "freeze_tracker.hpp"
#include "job_record.hpp"
#include "scenario_locks.hpp"
#include "lab_workloads.hpp"

namespace threadlab {
namespace {

// Work items of the main page's jobs. Smaller than the jobs' own defaults
// (32 px tiles, 2^19-number segments) so that the picture fills in finely
// and the shared Locks are taken often enough (a few thousand times a
// second) for their rare waits to show; each item is still a fraction of a
// millisecond of work or more, so the Locks cost the job nothing measurable.
constexpr int lab_tile_size = 16;
constexpr std::uint64_t lab_segment_size = 1u << 17;

MandelbrotView checked_opening_view(const LabSettings& settings) {
  if (settings.image_width <= 0 || settings.image_height <= 0)
    throw std::invalid_argument("the Mandelbrot image needs a positive size");
  return opening_view(settings.image_width, settings.image_height);
}

}  // namespace

const char* to_string(Mode mode) { return mode == Mode::single_thread ? "single" : "multi"; }
const char* to_string(WorkerPriority priority) {
  switch (priority) {
    case WorkerPriority::normal: return "normal";
    case WorkerPriority::lower: return "lower";
    case WorkerPriority::idle: return "idle";
    case WorkerPriority::paced: return "paced";
  }
  return "?";
}

struct Lab::Impl {
  LabSettings settings;
  ResponsivenessProbe probe;
  CpuMonitor cpu_monitor;
  LatencyRecorder frames;
  std::shared_ptr<WorkerPacer> pacer = std::make_shared<WorkerPacer>();  // for paced workers

  MandelbrotView view;
  std::shared_ptr<Job> job;
  std::shared_ptr<MandelbrotJob> mandelbrot;  // job, when it is a Mandelbrot image
  std::shared_ptr<PrimesJob> primes;          // job, when it counts primes
  std::shared_ptr<IoJob> io;                  // job, when it fetches files; kept for the view once over
  std::string job_error;                      // why the last job failed, one line
  std::uint64_t last_primes_count = 0;        // primes->count() as last read, render thread only
  std::vector<std::unique_ptr<JobWorker>> workers;
  bool running = false;  // a job is under way (its workers, or the render thread, owe it work)
  // Single-thread mode: the auto-zoom's next job waits for the next frame,
  // so the frame after a job shows its finished picture before the render
  // thread freezes again in the next one.
  bool next_job_due = false;
  // Tiles a replaced Mandelbrot job finished that the UI has not taken yet:
  // the last tiles of a finished image must reach the screen too.
  std::vector<MandelbrotTile> tiles_of_replaced_job;
  Clock::time_point job_started{};
  detail::JobRecord record;
  detail::FreezeTracker freezes;

  std::uint64_t jobs_completed = 0;
  double last_job_seconds = 0;
  // Items since clear_statistics(): those of jobs already ended, plus the
  // current job's beyond what it had done when the statistics were cleared.
  std::uint64_t items_done_by_ended_jobs = 0;
  std::uint64_t current_job_items_at_clear = 0;
  Clock::time_point statistics_since = Clock::now();

  TaskQueue background{"background-writer"};
  CancellationTracker cancellations;

  // The main page's Locks, shared by every job of the session, so that the
  // Locks panel counts the whole session's acquisitions, not only those of
  // the image being rendered: workers take the queue Locks
  // for each item and the result Locks to store it, and the render thread
  // takes mandelbrot.image every frame to copy the finished tiles out and
  // primes.count to read the count.
  const MandelbrotLocks mandelbrot_locks{std::make_shared<Lock>("mandelbrot.tile-queue"),
                                         std::make_shared<Lock>("mandelbrot.image")};
  const PrimesLocks primes_locks{std::make_shared<Lock>("primes.segment-queue"),
                                 std::make_shared<Lock>("primes.count")};
  const std::int64_t render_tid = get_native_id();  // the thread that made the Lab

  // Last: destroyed first, so the scenario's threads are joined before the
  // monitor and the probe they may appear in go.
  std::unique_ptr<LiveScenario> scenario;
  std::vector<LockStats> scenario_locks_seen;  // the open scenario's, as last seen alive

  Impl(LabSettings initial, std::function<void()> wake_ui)
      : settings(std::move(initial)),
        probe(std::move(wake_ui)),
        view(checked_opening_view(settings)) {
    probe.start();
    // The Lab is made on the render thread: its CPU is the window's own cost.
    cpu_monitor.set_render_tid(render_tid);
    cpu_monitor.start();
  }

  ~Impl() { stop_job(); }

  int worker_count() const {
    const int limit = max_workers(settings.workload, core_count());
    return std::clamp(settings.workers > 0 ? settings.workers : default_workers(settings.workload, core_count()), 1,
                      limit);
  }

  std::uint64_t items_done_in_current_job() const { return job ? job->progress().items_done : 0; }
  std::uint64_t items_done_since_clear() const {
    return items_done_by_ended_jobs + (items_done_in_current_job() - current_job_items_at_clear);
  }
  // Called as the current job ends (finished or stopped).
  void count_items_of_ending_job() {
    items_done_by_ended_jobs += items_done_in_current_job() - current_job_items_at_clear;
    current_job_items_at_clear = 0;
  }

  void start_job() {
    stop_job();
    if (mandelbrot) {
      auto left_over = mandelbrot->take_finished_tiles();
      tiles_of_replaced_job.insert(tiles_of_replaced_job.end(), std::make_move_iterator(left_over.begin()),
                                   std::make_move_iterator(left_over.end()));
    }
    if (settings.workload == WorkloadKind::mandelbrot) {
      mandelbrot = std::make_shared<MandelbrotJob>(view, settings.image_width, settings.image_height, lab_tile_size,
                                                   mandelbrot_locks);
      job = mandelbrot;
      record.started(view);
    } else if (settings.workload == WorkloadKind::primes) {
      last_primes_count = 0;
      primes = std::make_shared<PrimesJob>(settings.primes_limit, lab_segment_size, primes_locks);
      job = primes;
    } else {
      io = std::make_shared<IoJob>(settings.io);  // starts its server; a fault is in error()
      job = io;
    }
    running = true;
    job_started = Clock::now();
    if (settings.mode == Mode::multi_thread) {
      const WorkerPriority priority = worker_priority(settings.workload, settings.priority);
      for (int i = 0; i < worker_count(); ++i) {
        const std::string name = std::string(to_string(settings.workload)) + "-" + std::to_string(i + 1);
        workers.push_back(std::make_unique<JobWorker>(job, name, priority, pacer));
        workers.back()->set_daemon(false);
      }
      for (auto& worker : workers) worker->start();
    }
  }

  // Cancels the job (if any), joins every worker and forgets the job; the
  // items it finished still count towards the session's throughput.
  void stop_job() {
    if (job) {
      job->cancel();
      for (auto& worker : workers) worker->request_stop();
      for (auto& worker : workers) worker->join();
      count_items_of_ending_job();
      if (running) record.ended(*job, seconds_between(job_started, Clock::now()), std::nullopt);
    }
    workers.clear();
    job.reset();
    primes.reset();
    // The Mandelbrot job stays until its last tiles are taken by the UI.
    running = false;
    next_job_due = false;
  }

  void finish_job_if_done(Clock::time_point now) {
    if (running && job && !(job_error = job->error()).empty()) return stop_job();  // failed: the line stays
    if (!running || !job || !job->progress().finished) return;
    for (auto& worker : workers) worker->join();
    workers.clear();
    ++jobs_completed;
    last_job_seconds = seconds_between(job_started, now);
    running = false;
    record.ended(*job, last_job_seconds, mandelbrot == job ? std::optional(view) : std::nullopt);
    if (!settings.auto_zoom) return;
    if (settings.workload == WorkloadKind::mandelbrot)
      view = next_auto_zoom_frame(view, settings.image_width, settings.image_height);
    count_items_of_ending_job();
    job.reset();
    if (settings.mode == Mode::single_thread) {
      next_job_due = true;
    } else {
      start_job();
    }
  }

  // cause: what replaced the job, for the cancellation latency (empty: not measured).
  void restart_if_running(const char* cause = "settings") {
    const bool was_running = running || next_job_due;
    if (was_running) cancellations.requested(cause, to_string(settings.mode), Clock::now());
    const int stopping = static_cast<int>(workers.size());
    stop_job();
    if (was_running) cancellations.stopped(Clock::now(), stopping);
    if (was_running) start_job();
  }
};

Lab::Lab(LabSettings settings, std::function<void()> wake_ui)
    : impl_(std::make_unique<Impl>(std::move(settings), std::move(wake_ui))) {}

Lab::~Lab() = default;

void Lab::set_mode(Mode mode) {
  if (impl_->settings.mode == mode) return;
  impl_->settings.mode = mode;
  impl_->restart_if_running("mode switch");
}

void Lab::set_workload(WorkloadKind kind) {
  if (impl_->settings.workload == kind) return;
  impl_->settings.workload = kind;
  impl_->restart_if_running();
}

void Lab::set_worker_count(int workers) {
  const int clamped = std::clamp(workers, 1, max_workers(impl_->settings.workload, core_count()));
  if (impl_->settings.workers == clamped) return;
  impl_->settings.workers = clamped;
  impl_->restart_if_running();
}

void Lab::set_priority(WorkerPriority priority) {
  if (impl_->settings.priority == priority) return;
  impl_->settings.priority = priority;
  impl_->restart_if_running();
}

void Lab::start_job() {
  if (job_running()) {
    impl_->restart_if_running("restart");
    return;
  }
  impl_->start_job();
}

void Lab::cancel_job() { impl_->stop_job(); }

bool Lab::job_running() const { return impl_->running || impl_->next_job_due; }

void Lab::pan_pixels(double dx, double dy) {
  impl_->view = panned(impl_->view, dx, dy);
  if (impl_->settings.workload == WorkloadKind::mandelbrot) impl_->restart_if_running("pan");
}

void Lab::zoom_at(double pixel_x, double pixel_y, double factor) {
  impl_->view = zoomed(impl_->view, impl_->settings.image_width, impl_->settings.image_height, pixel_x, pixel_y,
                       factor);
  if (impl_->settings.workload == WorkloadKind::mandelbrot) impl_->restart_if_running("zoom");
}

void Lab::reset_view() {
  impl_->view = opening_view(impl_->settings.image_width, impl_->settings.image_height);
  if (impl_->settings.workload == WorkloadKind::mandelbrot) impl_->restart_if_running("view reset");
}

void Lab::on_frame(Clock::time_point frame_began, Millis last_frame_time) {
  auto& lab = *impl_;
  timeline_mark_frame(frame_began);
  if (last_frame_time.count() > 0) lab.frames.add(frame_began, last_frame_time);
  if (lab.settings.mode == Mode::multi_thread && lab.running && last_frame_time.count() > 0) {
    lab.pacer->frame_drawn(last_frame_time.count());
  } else {
    lab.pacer->forget_frames();
  }
  lab.freezes.frame(last_frame_time.count(), frame_began);
  lab.probe.answer_pings(frame_began);
  lab.finish_job_if_done(frame_began);
  if (stepper_) stepper_->tick(frame_began);
  if (lab.next_job_due) lab.start_job();
  if (lab.settings.mode == Mode::single_thread && lab.running && lab.job) {
    // The naive program: the render thread does the whole job before it
    // draws again. No stop token can reach it here; that is the point.
    timeline_mark_state(TimelineState::job);
    lab.job->work(std::stop_token{});
    timeline_mark_state(TimelineState::running);
    const auto ended = Clock::now();  // one reading: the freeze holds the job's whole time
    lab.freezes.job(frame_began, ended);
    lab.finish_job_if_done(ended);
  }
}

void Lab::answer_probe() { impl_->probe.answer_pings(); }

std::vector<MandelbrotTile> Lab::take_finished_tiles() {
  auto tiles = std::exchange(impl_->tiles_of_replaced_job, {});
  if (!impl_->mandelbrot) return tiles;
  // Never waits: the render thread takes the tiles next frame when a worker
  // holds the image Lock (see MandelbrotJob::try_take_finished_tiles).
  auto current = impl_->mandelbrot->try_take_finished_tiles();
  if (!current) return tiles;
  if (impl_->mandelbrot == impl_->job && !current->empty()) impl_->cancellations.tiles_taken(Clock::now());
  if (impl_->mandelbrot != impl_->job && current->empty()) impl_->mandelbrot.reset();
  tiles.insert(tiles.end(), std::make_move_iterator(current->begin()), std::make_move_iterator(current->end()));
  return tiles;
}

LabSnapshot Lab::snapshot() const {
  const auto& lab = *impl_;
  LabSnapshot out;
  out.taken_at = Clock::now();
  out.settings = lab.settings;
  out.worker_count = lab.worker_count();
  out.core_count = core_count();
  out.workers_work_share = lab.pacer->work_share();
  out.workers_rested_fraction = lab.pacer->rested_fraction();

  out.threads = enumerate();
  out.active_count = out.threads.size();
  out.current_thread = current_thread();
  out.finished_threads = recently_finished(8);
  out.locks = all_locks();
  out.lock_order_inversions = lock_order_inversions();
  if (lab.scenario || stepper_) {
    // The scenario's own Locks, also after its run: the main page's would only confuse.
    out.locks = detail::scenario_page_locks(std::move(out.locks), {lab.mandelbrot_locks.tile_queue->id(),
        lab.mandelbrot_locks.image->id(), lab.primes_locks.segment_queue->id(), lab.primes_locks.count->id()},
        impl_->scenario_locks_seen, out.locks_outlived);
  }

  out.cpu = lab.cpu_monitor.latest();
  for (auto& history : lab.cpu_monitor.core_history()) out.core_history.push_back({std::move(history)});
  out.process_history = lab.cpu_monitor.process_history();
  out.mean_core_load_percent = lab.cpu_monitor.mean_core_load();
  out.mean_process_percent = lab.cpu_monitor.mean_process_percent();
  out.cpu_split = lab.cpu_monitor.latest_split();
  out.mean_cpu_split = lab.cpu_monitor.mean_split();
  out.render_tid = lab.render_tid;

  out.frame_times_ms = lab.frames.window_values();
  out.frames = lab.frames.summary();
  out.frames_window = lab.frames.window_summary();
  out.longest_freeze_ms = lab.freezes.longest_ms();
  out.last_freeze = lab.freezes.last();
  out.probe_latencies_ms = lab.probe.window_values();
  out.probe = lab.probe.summary();
  out.probe_window = lab.probe.window_summary();
  out.probe_lateness = lab.probe.lateness_summary();
  out.not_responding_ms = lab.probe.unanswered_for(out.taken_at).count();

  if (lab.job) {
    out.job_name = lab.job->name();
    out.job = lab.job->progress();
  }
  out.jobs_completed = lab.jobs_completed;
  out.last_job_seconds = lab.last_job_seconds;
  out.job_running = lab.running || lab.next_job_due;
  out.items_done_total = lab.items_done_since_clear();
  out.session_seconds = seconds_between(lab.statistics_since, out.taken_at);
  out.items_per_second = out.session_seconds > 0 ? double(out.items_done_total) / out.session_seconds : 0.0;
  if (lab.settings.workload == WorkloadKind::mandelbrot) out.mandelbrot_view = lab.view;
  lab.record.describe(out, lab.job != nullptr, lab.next_job_due);
  if (lab.primes) {
    // Never waits on a worker: the last count read stands when the Lock is busy.
    if (const auto count = lab.primes->try_count()) impl_->last_primes_count = *count;
    out.primes_found = impl_->last_primes_count;
    out.primes_segment_sievers = lab.primes->segment_sievers();
    out.primes_segments_taken = lab.primes->segments_taken();
  }
  fill_job_snapshot(lab.io.get(), lab.job_error, out);
  if (lab.scenario) out.scenario = lab.scenario->snapshot();
  if (stepper_) out.stepper = stepper_->snapshot();
  out.timeline = take_timeline(std::chrono::seconds(10), lab.cpu_monitor.thread_intervals(), lab.render_tid,
                               std::chrono::duration_cast<std::chrono::nanoseconds>(out.taken_at.time_since_epoch()).count());
  out.cancellations = lab.cancellations.history();
  return out;
}

std::vector<CpuSample> Lab::cpu_samples_since(Clock::time_point after) const {
  return impl_->cpu_monitor.samples_since(after);
}

void Lab::clear_statistics() {
  auto& lab = *impl_;
  lab.frames.clear();
  lab.pacer->reset_totals();
  lab.probe.clear();
  lab.cpu_monitor.reset_means();
  for (const auto& lock : {lab.mandelbrot_locks.tile_queue, lab.mandelbrot_locks.image,
                           lab.primes_locks.segment_queue, lab.primes_locks.count})
    lock->reset_stats();
  lab.jobs_completed = 0;
  lab.freezes.clear();
  lab.record.clear_views(lab.running && lab.mandelbrot == lab.job ? std::optional(lab.view) : std::nullopt);
  lab.items_done_by_ended_jobs = 0;
  lab.current_job_items_at_clear = lab.items_done_in_current_job();
  lab.statistics_since = Clock::now();
}

void Lab::start_scenario(ScenarioKind kind, bool fix) {
  auto& lab = *impl_;
  lab.stop_job();
  lab.scenario.reset();  // stops and joins the previous one
  lab.scenario_locks_seen.clear();
  stepper_.reset();      // and the Step-through page's threads
  reset_lock_order_reports();  // the Locks panel shows this page's possible deadlocks, not the last one's
  ScenarioOptions options;
  options.fix = fix;
  options.duration = lab.settings.scenario_duration;
  lab.scenario = std::make_unique<LiveScenario>(kind, options);
  lab.scenario->start();
}

void Lab::stop_scenario() {
  if (impl_->scenario) impl_->scenario->stop();
}

void Lab::break_deadlock() {
  if (impl_->scenario) impl_->scenario->break_deadlock();
}

void Lab::close_scenario() { impl_->scenario.reset(); }

void Lab::run_in_background(std::function<std::string()> task) { impl_->background.submit(std::move(task)); }

std::vector<TaskOutcome> Lab::take_background_outcomes() { return impl_->background.take_outcomes(); }

void Lab::finish_background_tasks() { impl_->background.shutdown(); }

}  // namespace threadlab
