#include "threadlab/cpu_monitor.hpp"

namespace threadlab {

CpuMonitor::CpuMonitor(std::chrono::milliseconds interval, std::chrono::seconds history)
    : Thread("cpu-monitor"),
      interval_(interval),
      history_length_(static_cast<std::size_t>(std::chrono::milliseconds(history) / interval)) {
  set_daemon(true);
}

CpuMonitor::~CpuMonitor() { stop_and_join(); }

void CpuMonitor::run() {
  const auto stop = stop_token();
  auto next = std::chrono::steady_clock::now();
  sampler_.sample();  // the baseline the first interval is measured against
  while (!stop.stop_requested()) {
    next += interval_;
    {
      std::unique_lock lock(sleep_mutex_);
      if (sleep_cv_.wait_until(lock, stop, next, [] { return false; }) || stop.stop_requested()) break;
    }
    CpuSample sample = sampler_.sample();
    std::lock_guard guard(mutex_);
    if (core_load_sums_.size() != sample.core_load.size()) core_load_sums_.assign(sample.core_load.size(), 0.0);
    for (std::size_t core = 0; core < sample.core_load.size(); ++core) core_load_sums_[core] += sample.core_load[core];
    process_sum_ += sample.process_percent;
    ++samples_in_means_;
    history_.push_back(sample);
    if (history_.size() > history_length_) history_.pop_front();
    latest_ = std::move(sample);
  }
}

CpuSample CpuMonitor::latest() const {
  std::lock_guard guard(mutex_);
  return latest_;
}

std::vector<std::vector<float>> CpuMonitor::core_history() const {
  std::lock_guard guard(mutex_);
  std::vector<std::vector<float>> per_core(latest_.core_load.size());
  for (const auto& sample : history_) {
    for (std::size_t core = 0; core < per_core.size() && core < sample.core_load.size(); ++core)
      per_core[core].push_back(static_cast<float>(sample.core_load[core] * 100.0));
  }
  return per_core;
}

std::vector<float> CpuMonitor::process_history() const {
  std::lock_guard guard(mutex_);
  std::vector<float> values;
  values.reserve(history_.size());
  for (const auto& sample : history_) values.push_back(static_cast<float>(sample.process_percent));
  return values;
}

std::vector<double> CpuMonitor::mean_core_load() const {
  std::lock_guard guard(mutex_);
  std::vector<double> means(core_load_sums_.size(), 0.0);
  if (samples_in_means_ == 0) return means;
  for (std::size_t core = 0; core < means.size(); ++core)
    means[core] = 100.0 * core_load_sums_[core] / double(samples_in_means_);
  return means;
}

double CpuMonitor::mean_process_percent() const {
  std::lock_guard guard(mutex_);
  return samples_in_means_ ? process_sum_ / double(samples_in_means_) : 0.0;
}

void CpuMonitor::reset_means() {
  std::lock_guard guard(mutex_);
  core_load_sums_.assign(core_load_sums_.size(), 0.0);
  process_sum_ = 0;
  samples_in_means_ = 0;
}

}  // namespace threadlab
