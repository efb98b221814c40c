#pragma once
// The names of the scenarios' figures, one constant each, shared by the
// scenarios that publish them, the panels that show them and the tests that
// check them: a misspelt name does not compile. The strings are the keys of
// the scenario JSON (`figures`). Names that carry a thread or worker count
// are built by the functions of figures.hpp.

namespace threadlab::figure {

inline constexpr char active_count_delta[] = "active_count_delta";
inline constexpr char actual[] = "actual";
inline constexpr char cores[] = "cores";
inline constexpr char cores_available[] = "cores_available";
inline constexpr char cpu[] = "cpu";
inline constexpr char cycle_is_a_and_b[] = "cycle_is_a_and_b";
inline constexpr char cycle_is_the_ring[] = "cycle_is_the_ring";
inline constexpr char cycle_locks[] = "cycle_locks";
inline constexpr char cycle_threads[] = "cycle_threads";
inline constexpr char detected[] = "detected";
inline constexpr char detection_ms[] = "detection_ms";
inline constexpr char detections[] = "detections";
inline constexpr char expected[] = "expected";
inline constexpr char fair_wait_bound_ms[] = "fair_wait_bound_ms";
inline constexpr char fifo[] = "fifo";
inline constexpr char gil_forced_switches[] = "gil_forced_switches";
inline constexpr char gil_io_scaling[] = "gil_io_scaling";
inline constexpr char gil_switch_interval_ms[] = "gil_switch_interval_ms";
inline constexpr char greedy_mean_hold_us[] = "greedy_mean_hold_us";
inline constexpr char greedy_share_percent[] = "greedy_share_percent";
inline constexpr char io_[] = "io_";
inline constexpr char io_speedup[] = "io_speedup";
inline constexpr char lock_wait_ms[] = "lock_wait_ms";
inline constexpr char locks[] = "locks";
inline constexpr char longest_hold_ms[] = "longest_hold_ms";
inline constexpr char longest_lock_wait_ms[] = "longest_lock_wait_ms";
inline constexpr char longest_waiter_wait_ms[] = "longest_waiter_wait_ms";
inline constexpr char lost_update_percent[] = "lost_update_percent";
inline constexpr char lost_updates[] = "lost_updates";
inline constexpr char mean_lock_wait_ms[] = "mean_lock_wait_ms";
inline constexpr char measured_s[] = "measured_s";
inline constexpr char min_waiter_acquisitions[] = "min_waiter_acquisitions";
inline constexpr char pinned[] = "pinned";
inline constexpr char primes_found[] = "primes_found";
inline constexpr char primes_limit[] = "primes_limit";
inline constexpr char recovered[] = "recovered";
inline constexpr char rounds[] = "rounds";
inline constexpr char rounds_target[] = "rounds_target";
inline constexpr char runs_each[] = "runs_each";
inline constexpr char seconds[] = "seconds";
inline constexpr char speedup[] = "speedup";
inline constexpr char starved_waiters[] = "starved_waiters";
inline constexpr char threads[] = "threads";
inline constexpr char threads_left[] = "threads_left";
inline constexpr char victim_backed_off[] = "victim_backed_off";
inline constexpr char waiter_fairness_jain[] = "waiter_fairness_jain";
inline constexpr char waiters[] = "waiters";
inline constexpr char waiters_core_wait_ms[] = "waiters_core_wait_ms";
inline constexpr char work_per_cpu_second_ratio[] = "work_per_cpu_second_ratio";

}  // namespace threadlab::figure
