// threadlab::Event is Python's threading.Event.
#include <catch2/catch.hpp>

#include "threadlab/threading.hpp"

using namespace std::chrono_literals;

TEST_CASE("An Event starts clear, wait(timeout) returns the flag", "[event]") {
  threadlab::Event event;
  REQUIRE_FALSE(event.is_set());
  REQUIRE_FALSE(event.wait(1ms));
  event.set();
  REQUIRE(event.is_set());
  REQUIRE(event.wait(0s));
  REQUIRE(event.wait());
  event.clear();
  REQUIRE_FALSE(event.is_set());
}

TEST_CASE("set() on one thread wakes a waiter on another", "[event]") {
  threadlab::Event ping, pong;
  threadlab::Thread responder([&] {
    ping.wait();
    pong.set();
  });
  responder.start();
  ping.set();
  REQUIRE(pong.wait(60s));
  responder.join();
}
