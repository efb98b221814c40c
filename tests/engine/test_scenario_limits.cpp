// What a scripted scenario promises besides its phenomenon: it refuses a
// thread count it cannot use, it runs what it says it ran (deadlock's ring
// of N threads), it stops within a fraction of a second when asked, and it
// never runs past its duration plus scenario_time_margin.

#include <catch2/catch.hpp>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>

#include "threadlab/threading/registry.hpp"
#include "threadlab/scenarios/scenario.hpp"
#include "scenario_test_support.hpp"
#include "threadlab/scenarios/figure_names.hpp"
#include "threadlab/scenarios/figures.hpp"

using namespace std::chrono_literals;
using threadlab::run_scenario;
using threadlab::ScenarioKind;
using threadlab::ScenarioOptions;
using threadlab::ScenarioResult;

namespace {

ScenarioOptions options(bool fix, double seconds, int threads = 0) {
  return threadlab::test::scenario_options(fix, seconds, threads);
}

using threadlab::test::figure;

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

TEST_CASE("race and deadlock refuse one thread, as starvation, one_core and gil do", "[scenario][limits]") {
  REQUIRE_THROWS_WITH(run_scenario(ScenarioKind::race, options(false, 1, 1)), "scenario race needs at least 2 threads");
  REQUIRE_THROWS_WITH(run_scenario(ScenarioKind::race, options(true, 1, 1)), "scenario race needs at least 2 threads");
  REQUIRE_THROWS_WITH(run_scenario(ScenarioKind::deadlock, options(false, 1, 1)),
                      "scenario deadlock needs at least 2 threads");
}

TEST_CASE("deadlock with N threads is a ring of N threads and N Locks: the cycle of length N is found, broken "
          "and recovered from",
          "[scenario][limits][deadlock]") {
  const std::size_t threads_before = threadlab::active_count();
  const auto result = run_scenario(ScenarioKind::deadlock, options(false, 5, 5));
  CHECK(figure(result, threadlab::figure::threads) == 5);
  CHECK(figure(result, threadlab::figure::detected) == 1);
  CHECK(figure(result, threadlab::figure::cycle_threads) == 5);
  CHECK(figure(result, threadlab::figure::cycle_locks) == 5);
  CHECK(figure(result, threadlab::figure::cycle_is_the_ring) == 1);
  CHECK(figure(result, threadlab::figure::victim_backed_off) == 1);
  CHECK(figure(result, threadlab::figure::recovered) == 1);
  CHECK(figure(result, threadlab::figure::threads_left) == 0);
  REQUIRE(result.cycles.size() == 1);
  CHECK(result.cycles.front().links.size() == 5);
  CHECK(result.threads.size() == 5);
  // Every thread of the ring but the victim went on with its rounds.
  for (int i = 1; i <= 4; ++i) CHECK(figure(result, "rounds_thread_" + std::to_string(i)) > 0);
  CHECK(threadlab::active_count() == threads_before);
  CHECK_FALSE(result.interrupted);
}

TEST_CASE("deadlock with N threads and the fix (one global Lock order) never deadlocks and every thread finishes",
          "[scenario][limits][deadlock]") {
  const auto result = run_scenario(ScenarioKind::deadlock, options(true, 5, 6));
  CHECK(figure(result, threadlab::figure::threads) == 6);
  CHECK(figure(result, threadlab::figure::detections) == 0);
  CHECK(result.cycles.empty());
  CHECK(figure(result, threadlab::figure::recovered) == 1);
  CHECK(figure(result, threadlab::figure::threads_left) == 0);
  for (int i = 1; i <= 6; ++i) {
    CHECK(figure(result, "rounds_thread_" + std::to_string(i)) == figure(result, threadlab::figure::rounds_target));
  }
}

TEST_CASE("A scripted scenario asked to stop before it starts returns at once, interrupted, every thread joined",
          "[scenario][limits]") {
  for (const ScenarioKind kind : threadlab::all_scenario_kinds) {
    INFO(threadlab::to_string(kind));
    std::stop_source stop;
    stop.request_stop();
    const std::size_t threads_before = threadlab::active_count();
    const auto began = std::chrono::steady_clock::now();
    const auto result = run_scenario(kind, options(false, 30), {}, stop.get_token());
    CHECK(result.interrupted);
    CHECK_FALSE(result.cut_at_time_limit);
    // 30 s asked: returning within a few seconds shows the stop was heeded.
    CHECK(seconds_since(began) < 10.0);
    CHECK(threadlab::active_count() == threads_before);
  }
}

TEST_CASE("A scripted scenario stopped mid-run (as on SIGTERM) returns long before its duration, interrupted, every "
          "thread joined",
          "[scenario][limits]") {
  for (const ScenarioKind kind : threadlab::all_scenario_kinds) {
    for (const bool fix : {false, true}) {
      INFO(threadlab::to_string(kind) << (fix ? " with the fix" : ""));
      std::stop_source stop;
      const std::size_t threads_before = threadlab::active_count();
      const auto began = std::chrono::steady_clock::now();
      // The stimulus, not a synchronisation: a stop 0.2 s into a 30 s run.
      std::jthread stopper([&stop](std::stop_token own) {
        std::mutex mutex;
        std::condition_variable_any never;
        std::unique_lock guard(mutex);
        never.wait_for(guard, own, 200ms, [] { return false; });
        stop.request_stop();
      });
      const auto result = run_scenario(kind, options(fix, 30), {}, stop.get_token());
      const double took = seconds_since(began);
      stopper.join();
      // deadlock (no fix) may end by itself before the stop: detected and broken in ~0.1 s.
      if (!(kind == ScenarioKind::deadlock && !result.interrupted)) CHECK(result.interrupted);
      // The promise is 0.5 s after the stop; a busy machine (or TSan) is
      // given far more, and it is still nowhere near the 30 s asked for.
      CHECK(took < 10.0);
      CHECK(threadlab::active_count() == threads_before);
    }
  }
}

TEST_CASE("No scripted scenario runs longer than its duration plus the stated margin", "[scenario][limits]") {
  constexpr double duration = 0.5;
  for (const ScenarioKind kind : threadlab::all_scenario_kinds) {
    for (const bool fix : {false, true}) {
      INFO(threadlab::to_string(kind) << (fix ? " with the fix" : ""));
      const auto began = std::chrono::steady_clock::now();
      const auto result = run_scenario(kind, options(fix, duration, 2));
      // The margin, plus the 0.5 s a stop may take to join the threads, and
      // some more for a busy machine: what this catches is a run going on
      // for several times its duration.
      CHECK(seconds_since(began) <= duration + double(threadlab::scenario_time_margin.count()) + 1.5);
      CHECK_FALSE(result.interrupted);
    }
  }
}

TEST_CASE("one_core and gil cut short keep the figures of the rounds they completed", "[scenario][limits]") {
  for (const ScenarioKind kind : {ScenarioKind::one_core, ScenarioKind::gil}) {
    INFO(threadlab::to_string(kind));
    std::stop_source stop;
    // 30 s asked: rounds of 4 runs of about 50 ms each. The stop comes from
    // the progress callback (the scenario's own thread) once a round and a
    // run are done, as a time limit or a signal would cut it.
    const auto result = run_scenario(
        kind, options(false, 30), [&stop](double progress) { if (progress >= 5.0 / 600) stop.request_stop(); },
        stop.get_token());
    CHECK(result.interrupted);
    const std::string ratio = kind == ScenarioKind::one_core ? std::string(threadlab::figure::speedup)
                                                              : threadlab::scenario_figures::scaling("gil");
    REQUIRE(result.figure(ratio).has_value());
    CHECK(*result.figure(ratio) > 0);
  }
}

TEST_CASE("A scripted run says why its figures are cut: its time limit, a stop and resume, or both",
          "[scenario][limits]") {
  ScenarioResult result;
  CHECK(result.cut_reason() == nullptr);
  result.cut_at_time_limit = true;
  CHECK(std::string(result.cut_reason()) == "cut at its time limit");
  result.resumed_while_running = true;
  CHECK(std::string(result.cut_reason()) == "stopped and resumed, then cut at its time limit");
  result.cut_at_time_limit = false;
  CHECK(std::string(result.cut_reason()) == "stopped and resumed while it ran");
}

TEST_CASE("A scripted run notes a resume (SIGCONT) counted while it ran, and none counted before it",
          "[scenario][limits]") {
  // The count as signals::times_continued() gives it: one resume arrives
  // between the run's first look (as it starts) and its last (as it ends).
  unsigned looks = 0;
  const auto resumed_once_during_the_run = [&looks] { return looks++ == 0 ? 3u : 4u; };
  const auto moved = run_scenario(ScenarioKind::race, options(false, 0.2), {}, std::stop_token{},
                                  resumed_once_during_the_run);
  CHECK(looks == 2);
  CHECK(moved.resumed_while_running);
  CHECK_FALSE(moved.cut_at_time_limit);
  CHECK(std::string(moved.cut_reason()) == "stopped and resumed while it ran");

  const auto still = run_scenario(ScenarioKind::race, options(false, 0.2), {}, std::stop_token{}, [] { return 3u; });
  CHECK_FALSE(still.resumed_while_running);
  CHECK(still.cut_reason() == nullptr);
}
