// Python's threading module functions: active_count(), current_thread(),
// main_thread(), enumerate().
#include <catch2/catch.hpp>

#include <algorithm>
#include <thread>
#include <vector>

#include "threadlab/threading.hpp"
#include "../wait_until.hpp"

using namespace std::chrono_literals;
using threadlab::Event;
using threadlab::Thread;

namespace {
bool listed(const std::vector<threadlab::ThreadInfo>& infos, std::uint64_t ident) {
  return std::any_of(infos.begin(), infos.end(), [&](const auto& info) { return info.ident == ident; });
}
}  // namespace

TEST_CASE("current_thread() on the main thread is MainThread, which main_thread() also names", "[registry]") {
  const auto me = threadlab::current_thread();
  REQUIRE(me.name == "MainThread");
  REQUIRE(me.is_main);
  REQUIRE(me.alive);
  REQUIRE(me.ident == threadlab::get_ident());
  REQUIRE(me.native_id == threadlab::get_native_id());
  REQUIRE(threadlab::main_thread().ident == me.ident);
  REQUIRE(threadlab::enumerate().front().is_main);
}

TEST_CASE("current_thread() inside run() describes that Thread", "[registry]") {
  threadlab::ThreadInfo seen;
  Thread worker([&] { seen = threadlab::current_thread(); }, "inspector");
  worker.start();
  worker.join();
  REQUIRE(seen.name == "inspector");
  REQUIRE(seen.ident == worker.ident());
  REQUIRE(seen.native_id == worker.native_id());
  REQUIRE(seen.started_by_engine);
  REQUIRE_FALSE(seen.is_main);
  REQUIRE(seen.state == threadlab::ThreadState::running);
  REQUIRE(seen.state_text() == "running");
}

TEST_CASE("A thread the engine did not start is registered as Dummy-N, and leaves when it ends", "[registry]") {
  const auto baseline = threadlab::active_count();
  threadlab::ThreadInfo seen;
  std::size_t count_inside = 0;
  std::thread foreign([&] {
    seen = threadlab::current_thread();
    count_inside = threadlab::active_count();
  });
  foreign.join();
  REQUIRE(seen.name.rfind("Dummy-", 0) == 0);
  REQUIRE(seen.daemon);
  REQUIRE_FALSE(seen.started_by_engine);
  REQUIRE(count_inside == baseline + 1);
  REQUIRE(threadlab::active_count() == baseline);
}

TEST_CASE("enumerate() and active_count() count running threads and return to baseline after they end",
          "[registry]") {
  const auto baseline = threadlab::active_count();
  REQUIRE(threadlab::enumerate().size() == baseline);

  Event release;
  std::vector<std::unique_ptr<Thread>> threads;
  for (int i = 0; i < 3; ++i) {
    threads.push_back(std::make_unique<Thread>([&] { release.wait(); }, "sleeper-" + std::to_string(i)));
    threads.back()->start();
  }
  REQUIRE(threadlab::active_count() == baseline + 3);
  const auto during = threadlab::enumerate();
  for (const auto& thread : threads) REQUIRE(listed(during, thread->ident()));

  release.set();
  for (auto& thread : threads) thread->join();
  REQUIRE(threadlab::active_count() == baseline);
  const auto after = threadlab::enumerate();
  for (const auto& thread : threads) REQUIRE_FALSE(listed(after, thread->ident()));
}

TEST_CASE("Snapshots stay valid after their threads end, recently_finished() keeps the last state",
          "[registry]") {
  std::vector<threadlab::ThreadInfo> during;
  {
    Event release;
    Thread worker([&] { release.wait(); }, "short-lived");
    worker.start();
    during = threadlab::enumerate();
    release.set();
  }
  const auto it = std::find_if(during.begin(), during.end(), [](const auto& i) { return i.name == "short-lived"; });
  REQUIRE(it != during.end());
  REQUIRE(it->alive);
  REQUIRE(it->state_text() == "running");

  const auto finished = threadlab::recently_finished(8);
  REQUIRE_FALSE(finished.empty());
  REQUIRE(finished.front().name == "short-lived");
  REQUIRE(finished.front().state == threadlab::ThreadState::finished);
  REQUIRE_FALSE(finished.front().alive);
  REQUIRE(finished.front().finished_at >= finished.front().started_at);
}

TEST_CASE("report_item_done() counts work items per thread", "[registry]") {
  threadlab::ThreadInfo last;
  Thread worker([&] {
    for (int i = 0; i < 5; ++i) threadlab::report_item_done();
    last = threadlab::current_thread();
  });
  worker.start();
  worker.join();
  REQUIRE(last.items_done == 5);
}

TEST_CASE("A thread blocked in Lock::acquire shows as 'waiting for lock NAME'", "[registry][lock]") {
  threadlab::Lock lock("tile-queue");
  lock.acquire();
  Thread blocked([&] {
    lock.acquire();
    lock.release();
  }, "blocked");
  blocked.start();
  // The waiter count is the synchronisation: it rises before the thread sleeps.
  threadlab::testing::wait_until([&] { return lock.stats().waiters > 0; }, "the thread to block on the Lock");

  const auto infos = threadlab::enumerate();
  const auto it = std::find_if(infos.begin(), infos.end(), [](const auto& i) { return i.name == "blocked"; });
  REQUIRE(it != infos.end());
  REQUIRE(it->state == threadlab::ThreadState::waiting_for_lock);
  REQUIRE(it->waiting_for_lock_id == lock.id());
  REQUIRE(it->state_text() == "waiting for lock tile-queue");

  lock.release();
  blocked.join();
}
