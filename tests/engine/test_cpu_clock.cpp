// The kernel's CPU-time clocks, as the sampler, the job timing and the
// benchmarks read them.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <chrono>

#include "threadlab/measurement/cpu_clock.hpp"

using namespace threadlab;
using namespace std::chrono_literals;

namespace {

// Spins until the calling thread has used `cpu_time` of CPU; bounded by wall
// time so a starved test ends with a message instead of a timeout.
bool burn(std::chrono::nanoseconds cpu_time) {
  const auto until = current_thread_cpu_time() + cpu_time;
  const auto give_up = std::chrono::steady_clock::now() + 30s;
  volatile unsigned sink = 0;
  while (current_thread_cpu_time() < until) {
    if (std::chrono::steady_clock::now() > give_up) return false;
    sink = sink + 1;
  }
  return true;
}

}  // namespace

TEST_CASE("The process and thread CPU clocks count CPU this thread burns", "[cpu_clock]") {
  const auto process_before = process_cpu_time();
  const auto thread_before = current_thread_cpu_time();
  if (!burn(20ms)) FAIL("the thread did not get 20 ms of CPU within 30 s");
  CHECK(current_thread_cpu_time() - thread_before >= 20ms);
  // The process counts every thread, so it used at least as much.
  CHECK(process_cpu_time() - process_before >= 20ms);
}

TEST_CASE("A thread's CPU clock is readable by TID for this process's threads only", "[cpu_clock]") {
  const auto own = thread_cpu_time_ns(static_cast<std::int64_t>(::gettid()));
  REQUIRE(own.has_value());
  CHECK(*own > 0);
  // The parent process's main thread: alive, but not one of ours.
  CHECK_FALSE(thread_cpu_time_ns(static_cast<std::int64_t>(::getppid())).has_value());
}
