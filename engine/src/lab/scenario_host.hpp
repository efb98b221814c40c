#pragma once
// The Lab's scenario pages: the one LiveScenario running (or last run) under
// the UI, its figures for the snapshot, and the Locks its page shows. Every
// method is for the render thread.

#include <cstdint>
#include <memory>
#include <vector>

#include "threadlab/lab/lab.hpp"

namespace threadlab::detail {

class ScenarioHost {
 public:
  // Stops and joins the previous scenario first.
  void start(ScenarioKind kind, bool fix, std::chrono::duration<double> duration);
  void stop();            // ends the run early; its figures stay shown
  void break_deadlock();  // the deadlock page's action
  void close();           // joins its threads; the snapshot shows it no more
  bool open() const { return scenario_ != nullptr; }

  // The snapshot's scenario part (nothing while none is open).
  void fill_snapshot(LabSnapshot& out) const;
  // The Locks a scenario or Step-through page shows, out of `all`: all but
  // the main page's (`main_page`); once the run has ended and its Locks with
  // it, those last seen alive, with `outlived` set.
  std::vector<LockStats> page_locks(std::vector<LockStats> all, const std::vector<std::uint64_t>& main_page,
                                    bool& outlived) const;

 private:
  std::unique_ptr<LiveScenario> scenario_;
  mutable std::vector<LockStats> locks_seen_;  // the page's Locks, as last seen alive
};

}  // namespace threadlab::detail
