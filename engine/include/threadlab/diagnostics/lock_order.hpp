#pragma once
// Potential deadlocks, found before they happen: the acquired-before graph
// of Locks (after Linux's lockdep, Abseil's Mutex deadlock detection and
// ThreadSanitizer's lock-order-inversion report).
//
// A thread that already holds Lock A and asks for Lock B (a blocking
// acquire) says "A before B". The engine keeps one edge A -> B per such
// order, with the first thread seen taking it. An order that closes a cycle
// (B before A was seen earlier, perhaps by another thread, perhaps long ago)
// is a deadlock waiting for the wrong timing: two threads, each holding one
// of the Locks, each wanting the other's. It is reported at once, on the
// acquisition that closes the cycle, even if the run never hangs; the
// deadlock watchdog (deadlock_detector.hpp) finds only the hangs.
//
// Cost: each thread keeps a short list of the Locks it holds (lock.cpp
// pushes and pops it; no clock, no shared memory). Only a blocking acquire
// made while holding another Lock looks at the graph. An order this thread
// took before costs a look in a small cache of its own; one another thread
// took before, a look in a hashed set under one of 64 small mutexes; only a
// new order takes the graph's mutex, and its search is bounded: the graph
// keeps a topological order of the Locks, so an order that agrees with it
// (Locks taken in creation order always do) needs no search, and one that
// does not searches only the Locks placed between its two. The cost grows
// with the acquisitions, not with the number of Locks.
//
// Non-blocking acquires add no order (they cannot wait, so they cannot
// close a deadlock), as in lockdep. A Lock released by a thread other than
// the one that took it is dropped from the taker's list the next time that
// list is used for a new order.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "threadlab/diagnostics/lock_order_step.hpp"
#include "threadlab/threading/lock.hpp"

namespace threadlab {

// A cycle longer than twice this many orders is reported by its first and
// last lock_order_steps_kept_at_each_end orders and a count of the others,
// so that a report (and the time and memory it takes) stays the same size
// however many Locks the cycle runs through.
inline constexpr std::size_t lock_order_steps_kept_at_each_end = 4;

// A cycle in the acquired-before graph. steps[0] is the acquisition that
// closed it; steps[1..] are the orders seen earlier that it contradicts, in
// cycle order: steps[i].wanted is steps[i + 1].held, and the last step wants
// what steps[0] holds. In a long cycle, `omitted_steps` orders are left out
// between steps[lock_order_steps_kept_at_each_end - 1] and the step after it.
struct LockOrderInversion {
  std::vector<LockOrderStep> steps;
  std::size_t omitted_steps = 0;

  // Orders in the whole cycle, those left out included.
  std::size_t cycle_length() const { return steps.size() + omitted_steps; }

  // Whether one of the steps kept names this Lock.
  bool involves_lock(std::uint64_t lock_id) const;
  // One line: "worker-2 holds B and wants A, but worker-1 took A before B";
  // a long cycle says how many orders it leaves out, and where.
  std::string summary() const;
  // lockdep's "possible unsafe locking scenario": one column per thread of
  // the cycle, the acquisitions in the order that deadlocks; a long cycle
  // has one column "…" for the orders left out.
  std::string scenario_table() const;

  bool operator==(const LockOrderInversion&) const = default;
};

// Every inversion found since the process started (or the last
// reset_lock_order_reports()), oldest first; at most lock_order_report_limit.
std::vector<LockOrderInversion> lock_order_inversions();
// How many inversions were found, including any past the limit.
std::uint64_t lock_order_inversion_count();
// The inversions found after lock_order_inversion_count() was `count_before`
// (those kept: the first lock_order_report_limit since the last reset).
std::vector<LockOrderInversion> lock_order_inversions_since(std::uint64_t count_before);
inline constexpr std::size_t lock_order_report_limit = 64;

// Who hears of an inversion the moment it is found (on the acquiring thread,
// before it waits). The default prints scenario_table() to stderr. Pass an
// empty function to stay silent. The reporter must not take an instrumented
// Lock. Returns the reporter it replaces, to put back later (as
// std::set_terminate does).
using LockOrderReporter = std::function<void(const LockOrderInversion&)>;
LockOrderReporter set_lock_order_reporter(LockOrderReporter reporter);

// Forgets the reports (not the graph: the orders stay true). For a new run.
void reset_lock_order_reports();

}  // namespace threadlab
