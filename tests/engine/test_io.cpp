// The io workload: files fetched from the loopback server, blocking in recv().
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "threadlab/threading/registry.hpp"
#include "threadlab/threading/thread.hpp"
#include "threadlab/workloads/io.hpp"
#include "../wait_until.hpp"

using namespace threadlab;
using namespace std::chrono_literals;

namespace {

IoSettings quick_settings(int files = 8) {
  IoSettings settings;
  settings.files = files;
  settings.file_bytes = 4096;
  settings.server.latency = 5ms;
  settings.server.bytes_per_second = 1 << 20;
  return settings;
}

// A port nobody listens on: bound (so nobody else takes it) but never listening.
struct UnusedPort {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  std::uint16_t port = 0;
  UnusedPort() {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    port = ntohs(address.sin_port);
  }
  ~UnusedPort() { ::close(fd); }
};

bool some_thread_waits_for_input(const std::string& prefix) {
  for (const ThreadInfo& info : enumerate()) {
    if (info.name.rfind(prefix, 0) == 0 && info.state == ThreadState::waiting_for_input &&
        info.state_text() == "waiting for input: socket")
      return true;
  }
  return false;
}

}  // namespace

TEST_CASE("io job: every file arrives whole, on one thread or on several", "[io]") {
  for (const int workers : {1, 4}) {
    auto job = std::make_shared<IoJob>(quick_settings());
    REQUIRE(job->error().empty());
    std::vector<std::unique_ptr<JobWorker>> threads;
    for (int w = 0; w < workers; ++w) threads.push_back(std::make_unique<JobWorker>(job, "io-test-" + std::to_string(w)));
    for (auto& thread : threads) thread->start();
    for (auto& thread : threads) REQUIRE(thread->join(60s));
    CAPTURE(workers, job->error());
    REQUIRE(job->progress().finished);
    for (const std::uint64_t bytes : job->bytes_received()) REQUIRE(bytes == 4096);
    for (const std::int64_t tid : job->fetchers()) REQUIRE(tid != 0);
  }
}

TEST_CASE("io job: a worker blocked in recv() shows as waiting for input: socket", "[io]") {
  IoSettings settings = quick_settings(4);
  settings.server.latency = 2000ms;  // long enough to be seen, cancelled long before
  auto job = std::make_shared<IoJob>(settings);
  JobWorker worker(job, "io-waiter");
  worker.start();
  testing::wait_until([] { return some_thread_waits_for_input("io-waiter"); }, "io-waiter to wait for input");
  const auto began = std::chrono::steady_clock::now();
  job->cancel();
  REQUIRE(worker.join(10s));
  // The cancel shut the socket down: far sooner than the 2 s latency.
  REQUIRE(std::chrono::steady_clock::now() - began < 1500ms);
  REQUIRE(job->progress().cancelled);
  REQUIRE(job->error().empty());
}

TEST_CASE("io job: stopping the workers closes their sockets and joins them", "[io]") {
  IoSettings settings = quick_settings(16);
  settings.server.latency = 3000ms;
  auto job = std::make_shared<IoJob>(settings);
  std::vector<std::unique_ptr<JobWorker>> threads;
  for (int w = 0; w < 4; ++w) threads.push_back(std::make_unique<JobWorker>(job, "io-stop-" + std::to_string(w)));
  for (auto& thread : threads) thread->start();
  testing::wait_until([&] { return job->files_taken() >= 4; }, "four files asked for");
  for (auto& thread : threads) thread->request_stop();
  for (auto& thread : threads) REQUIRE(thread->join(2s));
  REQUIRE(job->progress().cancelled);
}

TEST_CASE("io job: the server's port taken is one line, and the job is over", "[io]") {
  auto first = std::make_shared<IoJob>(quick_settings());
  REQUIRE(first->error().empty());
  IoSettings settings = quick_settings();
  settings.server.port = first->port();
  // SO_REUSEADDR does not let two sockets listen on one port.
  auto second = std::make_shared<IoJob>(settings);
  REQUIRE_THAT(second->error(), Catch::Contains("port " + std::to_string(first->port()) + " is taken"));
  REQUIRE(second->error().find('\n') == std::string::npos);
  second->work(std::stop_token{});  // returns at once
  REQUIRE(second->progress().cancelled);
}

TEST_CASE("io job: a refused connection is one line, never a hang", "[io]") {
  UnusedPort nobody;
  IoSettings settings = quick_settings();
  settings.fetch_from_port = nobody.port;
  auto job = std::make_shared<IoJob>(settings);
  JobWorker worker(job, "io-refused");
  worker.start();
  REQUIRE(worker.join(10s));
  REQUIRE_THAT(job->error(), Catch::Contains("Connection refused"));
  REQUIRE(job->progress().cancelled);
}

TEST_CASE("io job: a read that times out is one line, never a hang", "[io]") {
  IoSettings settings = quick_settings();
  settings.server.latency = 5000ms;
  settings.read_timeout = 200ms;
  auto job = std::make_shared<IoJob>(settings);
  const auto began = std::chrono::steady_clock::now();
  job->work(std::stop_token{});  // the caller's own thread, as single-thread mode does
  REQUIRE(std::chrono::steady_clock::now() - began < 4000ms);
  REQUIRE_THAT(job->error(), Catch::Contains("timed out after 0.2 s"));
  REQUIRE(job->progress().cancelled);
}

TEST_CASE("io job: settings out of range are refused with one line", "[io]") {
  IoSettings settings = quick_settings();
  settings.files = 0;
  REQUIRE_THROWS_WITH(IoJob(settings), Catch::Contains("files per job"));
  settings = quick_settings();
  settings.server.bytes_per_second = 10;
  auto job = std::make_shared<IoJob>(settings);
  REQUIRE_THAT(job->error(), Catch::Contains("bandwidth"));
}
