#include "threadlab/measurement/cpu_monitor.hpp"

#include <algorithm>

#include "threadlab/threading/registry.hpp"

namespace threadlab {

namespace {

double& share_of(ProcessCpuSplit& split, CpuOwner owner) {
  switch (owner) {
    case CpuOwner::workers: return split.workers_percent;
    case CpuOwner::render: return split.render_percent;
    case CpuOwner::other: break;
  }
  return split.other_percent;
}

CpuOwner owner_of(std::int64_t tid, std::int64_t render_tid, const std::vector<std::int64_t>& threading_tids) {
  if (tid == render_tid) return CpuOwner::render;
  if (std::find(threading_tids.begin(), threading_tids.end(), tid) != threading_tids.end()) return CpuOwner::workers;
  return CpuOwner::other;
}

}  // namespace

ProcessCpuSplit split_process_cpu(const CpuSample& sample, std::int64_t render_tid,
                                  const std::vector<std::int64_t>& threading_tids,
                                  const std::unordered_map<std::int64_t, CpuOwner>& ended_owners) {
  ProcessCpuSplit split;
  for (const ThreadCpu& thread : sample.threads)
    share_of(split, owner_of(thread.tid, render_tid, threading_tids)) += thread.cpu_percent;
  if (sample.ended_threads_percent > 0) {
    if (sample.ended_tids.empty()) {
      split.other_percent += sample.ended_threads_percent;
    } else {
      const double each = sample.ended_threads_percent / static_cast<double>(sample.ended_tids.size());
      for (const std::int64_t tid : sample.ended_tids) {
        const auto found = ended_owners.find(tid);
        share_of(split, found != ended_owners.end() ? found->second : CpuOwner::other) += each;
      }
    }
  }
  return split;
}

std::string foreign_thread_role(std::string_view comm) {
  // Mesa's software rasterizer: it draws this window's pixels on the CPU.
  if (comm.starts_with("llvmpipe")) return "GL driver";
  // Mesa's other helper threads (shader compiles, disk cache, gallium drivers).
  if (comm.find("gdrv") != std::string_view::npos || comm.find("gallium") != std::string_view::npos ||
      comm.find("disk$") != std::string_view::npos || comm.find("shdr") != std::string_view::npos)
    return "GL driver helper";
  return "";
}

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
      const TimelineWaitScope sleeping;
      std::unique_lock lock(sleep_mutex_);
      if (sleep_cv_.wait_until(lock, stop, next, [] { return false; }) || stop.stop_requested()) break;
    }
    CpuSample sample = sampler_.sample();
    // Who owns each thread is read after the sample: a worker that started
    // during the interval is in the registry by now.
    std::vector<std::int64_t> threading_tids;
    for (const ThreadInfo& info : enumerate())
      if (info.native_id != 0) threading_tids.push_back(info.native_id);
    const std::int64_t render_tid = render_tid_.load();
    const ProcessCpuSplit split = split_process_cpu(sample, render_tid, threading_tids, owners_);
    owners_.clear();
    for (const ThreadCpu& thread : sample.threads) owners_[thread.tid] = owner_of(thread.tid, render_tid, threading_tids);
    std::lock_guard guard(mutex_);
    latest_split_ = split;
    split_sums_.workers_percent += split.workers_percent;
    split_sums_.render_percent += split.render_percent;
    split_sums_.other_percent += split.other_percent;
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

ProcessCpuSplit CpuMonitor::latest_split() const {
  std::lock_guard guard(mutex_);
  return latest_split_;
}

ProcessCpuSplit CpuMonitor::mean_split() const {
  std::lock_guard guard(mutex_);
  if (samples_in_means_ == 0) return {};
  const double n = static_cast<double>(samples_in_means_);
  return {split_sums_.workers_percent / n, split_sums_.render_percent / n, split_sums_.other_percent / n};
}

std::vector<ThreadCpuInterval> CpuMonitor::thread_intervals() const {
  const auto ns = [](std::chrono::steady_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
  };
  std::lock_guard guard(mutex_);
  std::vector<ThreadCpuInterval> out;
  std::int64_t previous = 0;
  for (const auto& sample : history_) {
    const std::int64_t end = ns(sample.taken_at);
    const std::int64_t begin = previous != 0 ? previous : end - std::chrono::nanoseconds(interval_).count();
    previous = end;
    for (const ThreadCpu& thread : sample.threads)
      out.push_back({thread.tid, begin, end, thread.cpu_percent, thread.run_queue_percent});
  }
  return out;
}

std::vector<CpuSample> CpuMonitor::samples_since(std::chrono::steady_clock::time_point after) const {
  std::lock_guard guard(mutex_);
  std::vector<CpuSample> out;
  for (const auto& sample : history_)
    if (sample.taken_at > after) out.push_back(sample);
  return out;
}

void CpuMonitor::reset_means() {
  std::lock_guard guard(mutex_);
  split_sums_ = {};
  core_load_sums_.assign(core_load_sums_.size(), 0.0);
  process_sum_ = 0;
  samples_in_means_ = 0;
}

}  // namespace threadlab
