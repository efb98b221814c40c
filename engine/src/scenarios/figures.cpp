#include "threadlab/scenarios/figures.hpp"

namespace threadlab::scenario_figures {

std::string threads_suffix(int threads) { return std::to_string(threads) + (threads == 1 ? "_thread" : "_threads"); }
std::string workers_suffix(int workers) { return std::to_string(workers) + (workers == 1 ? "_worker" : "_workers"); }

std::string throughput_per_s(int threads) { return "throughput_" + threads_suffix(threads) + "_per_s"; }
std::string lock_wait_ms(int threads) { return "lock_wait_ms_" + threads_suffix(threads); }
std::string speedup(int threads) { return "speedup_" + threads_suffix(threads); }

std::string seconds(int workers) { return "seconds_" + workers_suffix(workers); }
std::string cores_used(int workers) { return "cores_used_" + workers_suffix(workers); }
std::string involuntary_switches(int workers) { return "involuntary_switches_" + workers_suffix(workers); }

std::string throughput_per_s(std::string_view variant, int workers) {
  return "throughput_" + std::string(variant) + "_" + workers_suffix(workers) + "_per_s";
}
std::string scaling(std::string_view variant) { return std::string(variant) + "_scaling"; }

std::string rounds_of_thread(int thread) { return "rounds_thread_" + std::to_string(thread); }

}  // namespace threadlab::scenario_figures
