// The io figures of one_core and gil (io_figures.hpp). Runs go 1, 4, 4, 1
// threads, so that a machine getting busier or quieter affects both alike;
// each figure is the ratio of the two sums, taken within this one run.

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "io_figures.hpp"
#include "scenarios/runs.hpp"
#include "work.hpp"
#include "threadlab/scenarios/figures.hpp"
#include "threadlab/threading/event.hpp"
#include "threadlab/threading/gil.hpp"
#include "threadlab/threading/thread.hpp"
#include "threadlab/workloads/io.hpp"
#include "threadlab/scenarios/figure_names.hpp"

namespace threadlab::detail {

namespace {

// Eight files of 1 KiB, each answered after 25 ms in one send: about 0.2 s
// for 1 thread, almost all of it waiting (latency, not bandwidth, so that a
// busy core delays the server's sends as little as possible); a whole
// measurement (1, 4, 4, 1) takes about 0.5 s, within the margin a scenario
// may run past its duration.
IoSettings scenario_io_settings() {
  IoSettings settings;
  settings.files = 8;
  settings.file_bytes = 1024;
  settings.server.latency = std::chrono::milliseconds(25);
  settings.server.bytes_per_second = 1 << 20;
  return settings;
}

constexpr std::uint64_t steps_per_file = 20'000;  // handling a file under the GIL: tens of microseconds
constexpr int io_rounds = 4;                       // 1, 4, 4, 1 threads

// Runs `work` on `threads` threads; joins them, stopping them first when the
// scenario is stopped. Returns the wall seconds from the moment every thread
// is started (thread creation is not the I/O being measured).
template <class Work>
double run_threads(ScenarioContext& context, int threads, const std::string& prefix, Work work) {
  auto go = std::make_shared<Event>();
  std::vector<std::unique_ptr<Thread>> workers;
  for (int t = 0; t < threads; ++t) {
    workers.push_back(std::make_unique<Thread>([go, work] {
      go->wait();
      work();
    }, prefix + std::to_string(t + 1)));
  }
  for (auto& worker : workers) worker->start();
  const auto began = std::chrono::steady_clock::now();
  go->set();
  for (auto& worker : workers) {
    while (!worker->join(std::chrono::duration<double>(0.05))) {
      if (context.stop_requested()) work.stop();
    }
  }
  return seconds_between(began, std::chrono::steady_clock::now());
}

// The plain io job: workers that only fetch.
struct FetchWork {
  std::shared_ptr<IoJob> job;
  void operator()() const { job->work(std::stop_token{}); }
  void stop() const { job->cancel(); }
};

// Under the GIL: take the GIL, handle the file's bytes (CPU), release the
// GIL and block in recv() for the next one, as a Python thread does.
struct GilFetchWork {
  std::shared_ptr<IoJob> job;  // its server and settings only; files are fetched here
  Gil* gil;
  std::shared_ptr<std::atomic<std::uint64_t>> next, done, sink;
  std::shared_ptr<OpenSockets> sockets;
  void operator()() const {
    const auto files = static_cast<std::uint64_t>(job->settings().files);
    for (std::uint64_t file = next->fetch_add(1); file < files; file = next->fetch_add(1)) {
      const FileRequest request{job->port(), file, job->settings().file_bytes, job->settings().read_timeout};
      const FetchResult fetched = fetch_file(request, *sockets);  // the GIL released around the read
      if (fetched.outcome != FetchOutcome::complete) return;
      if (!gil->acquire()) return;
      sink->fetch_add(busy_work(steps_per_file, file + 1), std::memory_order_relaxed);
      gil->release();
      done->fetch_add(1);
    }
  }
  void stop() const { sockets->shut_down_all(); }
};

}  // namespace

void measure_io_speedup(ScenarioContext& context) {
  const int order[io_rounds] = {1, io_threads, io_threads, 1};
  double seconds[2] = {0, 0};  // [0]: 1 thread, [1]: io_threads
  for (const int threads : order) {
    if (context.stop_requested()) return;
    context.set_phase(fmt::format("I/O-bound: {} {} waiting for files", threads, threads == 1 ? "worker" : "workers"));
    auto job = std::make_shared<IoJob>(scenario_io_settings());
    seconds[threads == 1 ? 0 : 1] += run_threads(context, threads, "io-worker-", FetchWork{job});
    if (context.stop_requested()) return;
    if (!job->error().empty()) throw std::runtime_error(job->error());
    if (!job->progress().finished) throw std::runtime_error("the io job did not finish");
  }
  const double speedup = seconds[0] / seconds[1];
  context.set_figure(figure::io_ + scenario_figures::seconds(1), seconds[0] / 2);
  context.set_figure(figure::io_ + scenario_figures::seconds(io_threads), seconds[1] / 2);
  context.set_figure(figure::io_speedup, speedup);
  context.add_note(fmt::format("Waiting for input, {} workers fetched the same files {:.2f}x as fast as 1: a thread "
                               "blocked in a read needs no core, so the others run meanwhile.",
                               io_threads, speedup));
}

void measure_gil_io_scaling(ScenarioContext& context, Gil& gil) {
  const int order[io_rounds] = {1, io_threads, io_threads, 1};
  double files[2] = {0, 0}, seconds[2] = {0, 0};
  for (const int threads : order) {
    if (context.stop_requested()) return;
    context.set_phase(fmt::format("I/O-bound under the GIL: {} {}", threads, threads == 1 ? "worker" : "workers"));
    auto job = std::make_shared<IoJob>(scenario_io_settings());
    if (!job->error().empty()) throw std::runtime_error(job->error());
    GilFetchWork work{job, &gil, std::make_shared<std::atomic<std::uint64_t>>(0),
                      std::make_shared<std::atomic<std::uint64_t>>(0), std::make_shared<std::atomic<std::uint64_t>>(0),
                      std::make_shared<OpenSockets>()};
    const int slot = threads == 1 ? 0 : 1;
    seconds[slot] += run_threads(context, threads, "gil-io-worker-", work);
    if (context.stop_requested()) return;
    files[slot] += double(work.done->load());
    if (work.done->load() != static_cast<std::uint64_t>(job->settings().files))
      throw std::runtime_error("the io job under the GIL did not finish");
  }
  const double one = files[0] / seconds[0], several = files[1] / seconds[1];
  context.set_figure(scenario_figures::throughput_per_s("gil_io", 1), one);
  context.set_figure(scenario_figures::throughput_per_s("gil_io", io_threads), several);
  context.set_figure(figure::gil_io_scaling, several / one);
  context.add_note(fmt::format("Waiting for input under the GIL, {} workers fetched {:.2f}x the files per second of 1: "
                               "each releases the GIL around its blocking read, as CPython does.",
                               io_threads, several / one));
}

}  // namespace threadlab::detail
