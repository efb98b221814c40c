#include "threadlab/workloads/worker_pacer.hpp"

#include <algorithm>
#include <iterator>
#include <utility>

namespace threadlab {

namespace {

thread_local WorkerPacer* this_threads_pacer = nullptr;

}  // namespace

WorkerPacer::WorkerPacer(PacerSettings settings) : settings_(settings) {
  settings_.frames_per_decision = std::clamp(settings_.frames_per_decision, 1, int(std::size(stretch_ms_)));
  settings_.lowest_share = std::clamp(settings_.lowest_share, 0.01, 1.0);
}

void WorkerPacer::frame_drawn(double frame_ms) {
  stretch_ms_[frames_in_stretch_++] = frame_ms;
  if (frames_in_stretch_ < settings_.frames_per_decision) return;
  std::nth_element(stretch_ms_, stretch_ms_ + frames_in_stretch_ / 2, stretch_ms_ + frames_in_stretch_);
  const bool late = stretch_ms_[frames_in_stretch_ / 2] > settings_.frame_budget_ms;
  frames_in_stretch_ = 0;
  const double share = share_.load(std::memory_order_relaxed);
  share_.store(late ? std::max(settings_.lowest_share, share * settings_.cut) : std::min(1.0, share + settings_.regrow),
               std::memory_order_relaxed);
}

void WorkerPacer::forget_frames() { frames_in_stretch_ = 0; }

double WorkerPacer::rested_fraction() const {
  const double worked = double(worked_ns_.load()), rested = double(rested_ns_.load());
  return worked + rested > 0 ? rested / (worked + rested) : 0.0;
}

void WorkerPacer::reset_totals() {
  worked_ns_ = 0;
  rested_ns_ = 0;
}

WorkerPacer::Binding::Binding(WorkerPacer* pacer) : previous_(std::exchange(this_threads_pacer, pacer)) {}

WorkerPacer::Binding::~Binding() { this_threads_pacer = previous_; }

void WorkerPacer::rest_after_item(std::stop_token stop, std::chrono::nanoseconds item_time) {
  if (this_threads_pacer != nullptr) this_threads_pacer->rest(std::move(stop), item_time);
}

void WorkerPacer::rest(std::stop_token stop, std::chrono::nanoseconds item_time) {
  worked_ns_ += item_time.count();
  const double share = work_share();
  if (share >= 1.0) return;
  // Working `item_time` then resting this long works `share` of the time.
  const auto longest = std::chrono::duration<double, std::milli>(settings_.longest_rest_ms);
  const auto wanted = std::chrono::duration<double, std::nano>(double(item_time.count()) * (1.0 - share) / share);
  const auto rest_for =
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::min<std::chrono::duration<double, std::nano>>(wanted, longest));
  const auto started = std::chrono::steady_clock::now();
  std::unique_lock lock(rest_mutex_);
  rest_wake_.wait_for(lock, stop, rest_for, [] { return false; });
  rested_ns_ += std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - started).count();
}

}  // namespace threadlab
