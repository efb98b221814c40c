#pragma once
// A daemon Thread that takes a CpuSample every interval (100 ms by default)
// and keeps the last 10 seconds of per-core and process load, so the UI
// reads history without ever touching /proc on the render thread.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cpu_sampler.hpp"
#include "threadlab/diagnostics/thread_timeline.hpp"
#include "threadlab/threading/thread.hpp"

namespace threadlab {

// Where this process's CPU goes, in % of one core (the three add up to the
// process's figure): the Threads it started through threading (job workers
// and the Lab's helpers), the render (main) thread that draws the window,
// and the threads threading did not start (the OpenGL driver's llvmpipe-N
// rasterizers under software GL, and any other library's).
struct ProcessCpuSplit {
  double workers_percent = 0;
  double render_percent = 0;
  double other_percent = 0;
  double total_percent() const { return workers_percent + render_percent + other_percent; }
};

// Which of the three a thread counts in.
enum class CpuOwner { workers, render, other };

// Splits one sample: `render_tid` is the render thread, `threading_tids`
// those threading knows (enumerate()); any other thread is "other". The CPU
// of threads that ended during the interval (CpuSample::ended_threads_percent)
// goes to the owners `ended_owners` gives for them (shared equally; "other"
// when unknown).
ProcessCpuSplit split_process_cpu(const CpuSample& sample, std::int64_t render_tid,
                                  const std::vector<std::int64_t>& threading_tids,
                                  const std::unordered_map<std::int64_t, CpuOwner>& ended_owners = {});

// What a thread threading did not start is, judged by its kernel name:
// "GL driver" for Mesa's llvmpipe-N rasterizers, "GL driver helper" for
// Mesa's other threads; "" when unknown.
std::string foreign_thread_role(std::string_view comm);

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

  // The thread whose CPU counts as the render thread's (the Lab's creator);
  // 0 (the default) means none. Safe from any thread.
  void set_render_tid(std::int64_t tid) { render_tid_.store(tid); }
  ProcessCpuSplit latest_split() const;
  ProcessCpuSplit mean_split() const;  // since the last reset_means()
  // Each thread's CPU and run-queue share in every sample interval of the
  // history, for the timeline (thread_timeline.hpp).
  std::vector<ThreadCpuInterval> thread_intervals() const;
  // The samples of the history taken after `after`, oldest first (for a
  // trace that keeps more history than the monitor does).
  std::vector<CpuSample> samples_since(std::chrono::steady_clock::time_point after) const;

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
  ProcessCpuSplit latest_split_;
  ProcessCpuSplit split_sums_;

  std::atomic<std::int64_t> render_tid_{0};
  std::unordered_map<std::int64_t, CpuOwner> owners_;  // of the last sample's threads; this thread only

  std::mutex sleep_mutex_;
  std::condition_variable_any sleep_cv_;
};

}  // namespace threadlab
