// DescriptorWatch: a Thread that waits for a descriptor and calls back once.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <future>

#include "threadlab/measurement/descriptor_watch.hpp"
#include "threadlab/threading/registry.hpp"

using namespace threadlab;
using namespace std::chrono_literals;

namespace {

struct Pipe {
  int read = -1, write = -1;
  Pipe() {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    read = fds[0];
    write = fds[1];
  }
  ~Pipe() {
    ::close(read);
    ::close(write);
  }
  void send() const {
    const char byte = 1;
    REQUIRE(::write(write, &byte, 1) == 1);
  }
};

}  // namespace

TEST_CASE("A DescriptorWatch calls back once its descriptor is readable and the condition holds", "[descriptor_watch]") {
  Pipe pipe;
  std::atomic<bool> condition{false};
  std::promise<void> called;
  auto result = called.get_future();
  DescriptorWatch watch(pipe.read, [&condition] { return condition.load(); }, [&called] { called.set_value(); },
                        "test-watch");
  condition = true;
  pipe.send();
  if (result.wait_for(10s) != std::future_status::ready) FAIL("the watch did not call back within 10 s of the write");
}

TEST_CASE("A DescriptorWatch whose condition already holds calls back at once", "[descriptor_watch]") {
  std::promise<void> called;
  auto result = called.get_future();
  DescriptorWatch watch(-1, [] { return true; }, [&called] { called.set_value(); });
  if (result.wait_for(10s) != std::future_status::ready) FAIL("the watch did not call back within 10 s");
}

TEST_CASE("Destroying a DescriptorWatch joins its Thread without calling back", "[descriptor_watch]") {
  Pipe pipe;
  std::atomic<int> calls{0};
  const auto threads_before = active_count();
  {
    DescriptorWatch watch(pipe.read, [] { return false; }, [&calls] { ++calls; }, "test-watch");
  }
  CHECK(calls == 0);
  CHECK(active_count() == threads_before);
}
