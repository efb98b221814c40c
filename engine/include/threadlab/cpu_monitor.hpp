#pragma once
// A daemon Thread that takes a CpuSample every interval (100 ms by default)
// and keeps the last 10 seconds of per-core and process load, so the UI
// reads history without ever touching /proc on the render thread.

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <vector>

#include "threadlab/cpu_sampler.hpp"
#include "threadlab/thread.hpp"

namespace threadlab {

class CpuMonitor : public Thread {
 public:
  explicit CpuMonitor(std::chrono::milliseconds interval = std::chrono::milliseconds(100),
                      std::chrono::seconds history = std::chrono::seconds(10));
  ~CpuMonitor() override;

  CpuSample latest() const;
  // Per core, load in percent, oldest first.
  std::vector<std::vector<float>> core_history() const;
  std::vector<float> process_history() const;  // % of one core
  // Mean load per core (percent) and of the process since the last reset().
  std::vector<double> mean_core_load() const;
  double mean_process_percent() const;
  void reset_means();

 protected:
  void run() override;

 private:
  const std::chrono::milliseconds interval_;
  const std::size_t history_length_;
  CpuSampler sampler_;  // touched only by this thread

  mutable std::mutex mutex_;
  CpuSample latest_;
  std::deque<CpuSample> history_;
  std::vector<double> core_load_sums_;
  double process_sum_ = 0;
  std::size_t samples_in_means_ = 0;

  std::mutex sleep_mutex_;
  std::condition_variable_any sleep_cv_;
};

}  // namespace threadlab
