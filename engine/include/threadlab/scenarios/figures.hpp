#pragma once
// The names of the scenarios' figures that carry a thread count, written in
// one place for the scenarios that publish them and the Scenario panel and
// scripts that read them ("throughput_4_threads_per_s"). Units are in the
// names; the count reads "1_thread" but "4_threads".

#include <string>
#include <string_view>

namespace threadlab::scenario_figures {

std::string threads_suffix(int threads);  // "1_thread", "4_threads"
std::string workers_suffix(int workers);  // "1_worker", "4_workers"

// contention, per thread count.
std::string throughput_per_s(int threads);  // "throughput_N_threads_per_s"
std::string lock_wait_ms(int threads);      // "lock_wait_ms_N_threads"
std::string speedup(int threads);           // "speedup_N_threads"

// one core, per worker count.
std::string seconds(int workers);               // "seconds_N_workers"
std::string cores_used(int workers);            // "cores_used_N_workers"
std::string involuntary_switches(int workers);  // "involuntary_switches_N_workers"

// gil, per variant ("native", "gil") and worker count.
std::string throughput_per_s(std::string_view variant, int workers);  // "throughput_native_N_workers_per_s"
std::string scaling(std::string_view variant);                         // "native_scaling"

// deadlock, per thread of the ring (1-based).
std::string rounds_of_thread(int thread);  // "rounds_thread_N"

}  // namespace threadlab::scenario_figures
