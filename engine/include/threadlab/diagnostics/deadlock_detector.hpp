#pragma once
// Deadlock detection over the instrumented Locks: a wait-for graph.
//
// A thread that waits for a Lock (ThreadInfo::waiting_for_lock_id) points at
// the thread that holds it (LockStats::holder_native_id). Each thread waits
// for at most one Lock, so every thread has at most one outgoing edge, and a
// deadlock is a cycle: T1 holds A and waits for B, T2 holds B and waits for A.
// A thread waiting for a Lock it holds itself (Python's Lock is not
// reentrant) is a cycle of one.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "threadlab/diagnostics/lock_order_step.hpp"
#include "threadlab/threading/lock.hpp"
#include "threadlab/threading/registry.hpp"
#include "threadlab/threading/thread.hpp"

namespace threadlab {

struct DeadlockCycle {
  // One step per thread of the cycle, in wait-for order: each holds `held`
  // (the Lock the previous one waits for) and waits for `wanted`, which
  // links[i + 1] holds; the last waits for what the first holds. The thread
  // listed first by enumerate() (the earliest started) comes first.
  std::vector<LockOrderStep> links;

  bool involves_thread(std::int64_t native_id) const;
  bool involves_lock(std::uint64_t lock_id) const;
  // "T1 holds A and waits for B; T2 holds B and waits for A".
  std::string describe() const;

  bool operator==(const DeadlockCycle&) const = default;
};

// Every cycle in the wait-for graph of one snapshot (enumerate() and
// all_locks()), in the order of their first thread in `threads`. An edge
// needs a Lock that is held, by a live thread, with at least one waiter
// counted (LockStats::waiters). Pure: the
// two snapshots are taken at slightly different moments, so a cycle seen once
// may be an accident of timing; DeadlockWatchdog confirms before it reports.
std::vector<DeadlockCycle> find_deadlocks(const std::vector<ThreadInfo>& threads,
                                          const std::vector<LockStats>& locks);

struct DeadlockWatchdogSettings {
  std::chrono::duration<double> interval{0.1};  // between checks
  // A cycle is reported once it has been seen in this many consecutive checks
  // with no acquisition of its Locks in between: a real deadlock makes no
  // progress, a cycle pieced together from moving snapshots does.
  int confirmations = 2;
};

// A Thread ("deadlock-watchdog") that checks the whole process every
// interval and publishes what it found. It never takes an instrumented Lock,
// so it cannot be caught in the deadlocks it looks for.
class DeadlockWatchdog : public Thread {
 public:
  using Timeout = std::optional<std::chrono::duration<double>>;

  // Throws std::invalid_argument for a non-positive interval or fewer than
  // one confirmation.
  explicit DeadlockWatchdog(DeadlockWatchdogSettings settings = {});
  ~DeadlockWatchdog() override;

  // Deadlocks confirmed by the latest check (empty once they are resolved).
  std::vector<DeadlockCycle> current_deadlocks() const;
  // The most recently confirmed deadlock, kept after it is resolved.
  std::optional<DeadlockCycle> last_detected() const;
  // How many times a cycle became confirmed.
  std::uint64_t detections() const;
  std::uint64_t checks() const;

  // Blocks until detections() exceeds `detections_seen` or the timeout
  // elapses, or the calling engine Thread is asked to stop; returns whether
  // it does.
  bool wait_for_detection(std::uint64_t detections_seen = 0, Timeout timeout = {}) const;
  // Blocks until checks() reaches `count` (or the timeout elapses).
  bool wait_for_checks(std::uint64_t count, Timeout timeout = {}) const;

 protected:
  void run() override;

 private:
  struct Candidate {
    DeadlockCycle cycle;
    std::vector<std::uint64_t> acquisitions;  // of each link's waits_for Lock, in link order
    int seen = 0;                             // consecutive checks
  };
  void check();

  const DeadlockWatchdogSettings settings_;
  std::vector<Candidate> candidates_;  // watchdog thread only

  mutable std::mutex mutex_;
  mutable std::condition_variable_any changed_;
  std::vector<DeadlockCycle> current_;
  std::optional<DeadlockCycle> last_detected_;
  std::uint64_t detections_ = 0;
  std::uint64_t checks_ = 0;
};

}  // namespace threadlab
