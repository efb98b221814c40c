// The Lab's io workload: single-thread mode fetches every file on the render
// thread; multi-thread mode on 8 workers by default; a fault is one line in
// the snapshot and the job stops, its threads joined.
#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>

#include "threadlab/lab/lab.hpp"
#include "../wait_until.hpp"
#include "lab_test_support.hpp"

using namespace std::chrono_literals;
using threadlab::Lab;
using threadlab::LabSettings;
using threadlab::Mode;
using threadlab::WorkloadKind;
using threadlab::test::alive_with_prefix;

namespace {

LabSettings io_settings(Mode mode) {
  LabSettings settings;
  settings.mode = mode;
  settings.workload = WorkloadKind::io;
  settings.auto_zoom = false;  // one job
  settings.io.files = 8;
  settings.io.file_bytes = 2048;
  settings.io.server.latency = 5ms;
  return settings;
}

void frame(Lab& lab) { lab.on_frame(threadlab::Clock::now(), threadlab::Millis(16.7)); }

}  // namespace

TEST_CASE("io, single-thread mode: one frame fetches every file on the render thread", "[lab][io]") {
  Lab lab(io_settings(Mode::single_thread), {});
  lab.start_job();
  REQUIRE(alive_with_prefix("io-") == 1);  // the job's server; no workers
  frame(lab);
  const auto snapshot = lab.snapshot();
  REQUIRE(snapshot.jobs_completed == 1);
  REQUIRE(snapshot.job_error.empty());
  REQUIRE(snapshot.io_bytes_received == std::vector<std::uint64_t>(8, 2048));
  REQUIRE(std::all_of(snapshot.io_fetchers.begin(), snapshot.io_fetchers.end(),
                      [&](std::int64_t tid) { return tid == snapshot.render_tid; }));
  REQUIRE(alive_with_prefix("io-server") == 0);  // stopped with the job
}

TEST_CASE("io, multi-thread mode: 8 workers by default, all joined when the job is over", "[lab][io]") {
  Lab lab(io_settings(Mode::multi_thread), {});
  lab.start_job();
  REQUIRE(lab.snapshot().worker_count == 8);
  threadlab::testing::wait_until([&] { return lab.snapshot().jobs_completed > 0; }, "the io job to complete",
                                 [&] { frame(lab); });
  REQUIRE(lab.snapshot().job_error.empty());
  REQUIRE(alive_with_prefix("io-") == 0);
}

TEST_CASE("io: the server's port taken is one line in the snapshot, and the job stops", "[lab][io]") {
  LabSettings slow = io_settings(Mode::multi_thread);
  slow.io.server.latency = 5000ms;  // the first job's server stays up while the second tries its port
  Lab holder(slow, {});
  holder.start_job();
  const std::uint16_t taken = holder.snapshot().io_port;
  REQUIRE(taken != 0);
  LabSettings clash = io_settings(Mode::multi_thread);
  clash.io.server.port = taken;
  Lab lab(clash, {});
  lab.start_job();
  threadlab::testing::wait_until([&] { return !lab.job_running(); }, "the failed job to stop", [&] { frame(lab); });
  REQUIRE_THAT(lab.snapshot().job_error, Catch::Contains("is taken"));
  REQUIRE(lab.snapshot().jobs_completed == 0);
  holder.cancel_job();  // shuts its sockets down: no 5 s wait
  REQUIRE(alive_with_prefix("io-") == 0);
}
