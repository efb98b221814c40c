#include "job_runner.hpp"

#include <algorithm>
#include <iterator>
#include <stdexcept>
#include <utility>

#include "lab_workloads.hpp"
#include "threadlab/diagnostics/thread_timeline.hpp"
#include "threadlab/measurement/machine.hpp"

namespace threadlab::detail {
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

JobRunner::JobRunner(LabSettings settings) : settings_(std::move(settings)), view_(checked_opening_view(settings_)) {}

JobRunner::~JobRunner() { stop_job(); }

int JobRunner::worker_count() const {
  const int limit = max_workers(settings_.workload, core_count());
  return std::clamp(settings_.workers > 0 ? settings_.workers : default_workers(settings_.workload, core_count()), 1,
                    limit);
}

void JobRunner::set_mode(Mode mode) {
  if (settings_.mode == mode) return;
  settings_.mode = mode;
  restart_if_running("mode switch");
}

void JobRunner::set_workload(WorkloadKind kind) {
  if (settings_.workload == kind) return;
  settings_.workload = kind;
  restart_if_running();
}

void JobRunner::set_worker_count(int workers) {
  const int clamped = std::clamp(workers, 1, max_workers(settings_.workload, core_count()));
  if (settings_.workers == clamped) return;
  settings_.workers = clamped;
  restart_if_running();
}

void JobRunner::set_priority(WorkerPriority priority) {
  if (settings_.priority == priority) return;
  settings_.priority = priority;
  restart_if_running();
}

void JobRunner::pan_pixels(double dx, double dy) {
  view_ = panned(view_, dx, dy);
  if (settings_.workload == WorkloadKind::mandelbrot) restart_if_running("pan");
}

void JobRunner::zoom_at(double pixel_x, double pixel_y, double factor) {
  view_ = zoomed(view_, settings_.image_width, settings_.image_height, pixel_x, pixel_y, factor);
  if (settings_.workload == WorkloadKind::mandelbrot) restart_if_running("zoom");
}

void JobRunner::reset_view() {
  view_ = opening_view(settings_.image_width, settings_.image_height);
  if (settings_.workload == WorkloadKind::mandelbrot) restart_if_running("view reset");
}

void JobRunner::start() {
  if (running()) {
    restart_if_running("restart");
    return;
  }
  start_job();
}

void JobRunner::cancel() { stop_job(); }

void JobRunner::start_job() {
  stop_job();
  keep_tiles_of_replaced_job();
  if (settings_.workload == WorkloadKind::mandelbrot) {
    mandelbrot_ = std::make_shared<MandelbrotJob>(view_, settings_.image_width, settings_.image_height,
                                                  lab_tile_size, mandelbrot_locks_);
    job_ = mandelbrot_;
    record_.started(view_);
  } else if (settings_.workload == WorkloadKind::primes) {
    last_primes_count_ = 0;
    primes_ = std::make_shared<PrimesJob>(settings_.primes_limit, lab_segment_size, primes_locks_);
    job_ = primes_;
  } else {
    io_ = std::make_shared<IoJob>(settings_.io);  // starts its server; a fault is in error()
    job_ = io_;
  }
  running_ = true;
  job_started_ = Clock::now();
  if (settings_.mode == Mode::multi_thread) start_workers();
}

void JobRunner::keep_tiles_of_replaced_job() {
  if (!mandelbrot_) return;
  auto left_over = mandelbrot_->take_finished_tiles();
  tiles_of_replaced_job_.insert(tiles_of_replaced_job_.end(), std::make_move_iterator(left_over.begin()),
                                std::make_move_iterator(left_over.end()));
}

void JobRunner::start_workers() {
  const WorkerPriority priority = worker_priority(settings_.workload, settings_.priority);
  for (int i = 0; i < worker_count(); ++i) {
    const std::string name = std::string(to_string(settings_.workload)) + "-" + std::to_string(i + 1);
    workers_.push_back(std::make_unique<JobWorker>(job_, name, priority, pacer_));
    workers_.back()->set_daemon(false);
  }
  for (auto& worker : workers_) worker->start();
}

void JobRunner::stop_job() {
  if (job_) {
    job_->cancel();
    for (auto& worker : workers_) worker->request_stop();
    for (auto& worker : workers_) worker->join();
    count_items_of_ending_job();
    if (running_) record_.ended(*job_, seconds_between(job_started_, Clock::now()), std::nullopt);
  }
  workers_.clear();
  job_.reset();
  primes_.reset();
  // The Mandelbrot job stays until its last tiles are taken by the UI.
  running_ = false;
  next_job_due_ = false;
}

// cause: what replaced the job, for the cancellation latency.
void JobRunner::restart_if_running(const char* cause) {
  const bool was_running = running();
  if (was_running) cancellations_.requested(cause, to_string(settings_.mode), Clock::now());
  const int stopping = static_cast<int>(workers_.size());
  stop_job();
  if (was_running) cancellations_.stopped(Clock::now(), stopping);
  if (was_running) start_job();
}

void JobRunner::end_finished_job(Clock::time_point now) {
  if (running_ && job_ && !(job_error_ = job_->error()).empty()) return stop_job();  // failed: the line stays
  if (!running_ || !job_ || !job_->progress().finished) return;
  for (auto& worker : workers_) worker->join();
  workers_.clear();
  ++jobs_completed_;
  last_job_seconds_ = seconds_between(job_started_, now);
  running_ = false;
  record_.ended(*job_, last_job_seconds_, mandelbrot_ == job_ ? std::optional(view_) : std::nullopt);
  if (!settings_.auto_zoom) return;
  if (settings_.workload == WorkloadKind::mandelbrot)
    view_ = next_auto_zoom_frame(view_, settings_.image_width, settings_.image_height);
  count_items_of_ending_job();
  job_.reset();
  if (settings_.mode == Mode::single_thread) {
    next_job_due_ = true;
  } else {
    start_job();
  }
}

void JobRunner::start_due_job() {
  if (next_job_due_) start_job();
}

std::optional<Clock::time_point> JobRunner::run_on_render_thread() {
  if (settings_.mode != Mode::single_thread || !running_ || !job_) return std::nullopt;
  // The naive program: the render thread does the whole job before it
  // draws again. No stop token can reach it here; that is the point.
  timeline_mark_state(TimelineState::job);
  job_->work(std::stop_token{});
  timeline_mark_state(TimelineState::running);
  const auto ended = Clock::now();  // one reading: the freeze holds the job's whole time
  end_finished_job(ended);
  return ended;
}

std::vector<MandelbrotTile> JobRunner::take_finished_tiles() {
  auto tiles = std::exchange(tiles_of_replaced_job_, {});
  if (!mandelbrot_) return tiles;
  // Never waits: the render thread takes the tiles next frame when a worker
  // holds the image Lock (see MandelbrotJob::try_take_finished_tiles).
  auto current = mandelbrot_->try_take_finished_tiles();
  if (!current) return tiles;
  if (mandelbrot_ == job_ && !current->empty()) cancellations_.tiles_taken(Clock::now());
  if (mandelbrot_ != job_ && current->empty()) mandelbrot_.reset();
  tiles.insert(tiles.end(), std::make_move_iterator(current->begin()), std::make_move_iterator(current->end()));
  return tiles;
}

std::uint64_t JobRunner::items_done_in_current_job() const { return job_ ? job_->progress().items_done : 0; }

std::uint64_t JobRunner::items_done_since_clear() const {
  return items_done_by_ended_jobs_ + (items_done_in_current_job() - current_job_items_at_clear_);
}

// Called as the current job ends (finished or stopped).
void JobRunner::count_items_of_ending_job() {
  items_done_by_ended_jobs_ += items_done_in_current_job() - current_job_items_at_clear_;
  current_job_items_at_clear_ = 0;
}

void JobRunner::frame_drawn(double frame_ms) {
  if (settings_.mode == Mode::multi_thread && running_ && frame_ms > 0) {
    pacer_->frame_drawn(frame_ms);
  } else {
    pacer_->forget_frames();
  }
}

void JobRunner::fill_snapshot(LabSnapshot& out) const {
  out.settings = settings_;
  out.worker_count = worker_count();
  out.workers_work_share = pacer_->work_share();
  out.workers_rested_fraction = pacer_->rested_fraction();
  if (job_) {
    out.job_name = job_->name();
    out.job = job_->progress();
  }
  out.jobs_completed = jobs_completed_;
  out.last_job_seconds = last_job_seconds_;
  out.job_running = running();
  out.items_done_total = items_done_since_clear();
  out.session_seconds = seconds_between(statistics_since_, out.taken_at);
  out.items_per_second = out.session_seconds > 0 ? double(out.items_done_total) / out.session_seconds : 0.0;
  if (settings_.workload == WorkloadKind::mandelbrot) out.mandelbrot_view = view_;
  record_.describe(out, job_ != nullptr, next_job_due_);
  fill_primes_snapshot(out);
  fill_job_snapshot(io_.get(), job_error_, out);
}

void JobRunner::fill_primes_snapshot(LabSnapshot& out) const {
  if (!primes_) return;
  // Never waits on a worker: the last count read stands when the Lock is busy.
  if (const auto count = primes_->try_count()) last_primes_count_ = *count;
  out.primes_found = last_primes_count_;
  out.primes_segment_sievers = primes_->segment_sievers();
  out.primes_segments_taken = primes_->segments_taken();
}

std::vector<std::uint64_t> JobRunner::lock_ids() const {
  return {mandelbrot_locks_.tile_queue->id(), mandelbrot_locks_.image->id(), primes_locks_.segment_queue->id(),
          primes_locks_.count->id()};
}

void JobRunner::clear_statistics() {
  pacer_->reset_totals();
  for (const auto& lock : {mandelbrot_locks_.tile_queue, mandelbrot_locks_.image, primes_locks_.segment_queue,
                           primes_locks_.count})
    lock->reset_stats();
  jobs_completed_ = 0;
  record_.clear_views(running_ && mandelbrot_ == job_ ? std::optional(view_) : std::nullopt);
  items_done_by_ended_jobs_ = 0;
  current_job_items_at_clear_ = items_done_in_current_job();
  statistics_since_ = Clock::now();
}

}  // namespace threadlab::detail
