// The tutorial is written for Python 2: isAlive(), getName(), setName(),
// isDaemon(), setDaemon(), activeCount(), currentThread(), Event.isSet(). The engine offers
// each as a [[deprecated]] alias of Python 3's name; this file uses every one
// of them (with the deprecation warning silenced here only) and checks that
// each does what the new name does.

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>

#include "threadlab/threading/event.hpp"
#include "threadlab/threading/registry.hpp"
#include "threadlab/threading/thread.hpp"

using namespace threadlab;

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

TEST_CASE("The tutorial's getName/setName/isDaemon/setDaemon/isAlive work as Python 3's names") {
  Event release;
  Thread worker([&] { release.wait(std::chrono::seconds(30)); }, "tutorial-worker");
  CHECK(worker.getName() == "tutorial-worker");
  worker.setName("renamed");
  CHECK(worker.getName() == worker.name());
  CHECK(worker.name() == "renamed");
  worker.setDaemon(true);
  CHECK(worker.isDaemon());
  CHECK(worker.isDaemon() == worker.daemon());
  CHECK_FALSE(worker.isAlive());
  worker.start();
  CHECK(worker.isAlive() == worker.is_alive());
  CHECK(worker.isAlive());
  release.set();
  REQUIRE(worker.join(std::chrono::seconds(10)));
  CHECK_FALSE(worker.isAlive());
}

TEST_CASE("The tutorial's activeCount() and currentThread() are active_count() and current_thread()") {
  CHECK(activeCount() == active_count());
  CHECK(currentThread().name == current_thread().name);
  CHECK(currentThread().native_id == get_native_id());
}

TEST_CASE("The tutorial's Event.isSet() is is_set()") {
  Event event;
  CHECK_FALSE(event.isSet());
  event.set();
  CHECK(event.isSet());
  CHECK(event.isSet() == event.is_set());
}

#pragma GCC diagnostic pop

// That each old name warns, naming the new one, is checked by compiling
// tests/deprecated/old_spellings.cpp (CTest: "tutorial spellings warn").
