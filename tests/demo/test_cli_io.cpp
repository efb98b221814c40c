// The io workload on the command line: --workload io, and --threads beyond
// the cores for io only (its threads mostly wait).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "commands/cli.hpp"

using namespace threadlab;
using namespace threadlab::app;

namespace {
constexpr int two_cores = 2;
}  // namespace

TEST_CASE("The io workload: --workload io is accepted, for the window, compare and bench", "[cli][io]") {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--workload", "io"}, {"compare", "--out", "/tmp", "--workload", "io"},
        {"bench", "--workload", "io"}}) {
    const CliOutcome outcome = parse_command_line(args, two_cores);
    INFO(args.front());
    REQUIRE(outcome.command_line);
    CHECK(outcome.command_line->run.lab.workload == WorkloadKind::io);
  }
}

TEST_CASE("The io workload: --threads goes beyond twice the cores for io only", "[cli][io]") {
  const CliOutcome io = parse_command_line({"--workload", "io", "--threads", "16"}, two_cores);
  REQUIRE(io.command_line);
  CHECK(io.command_line->run.lab.workers == 16);

  const CliOutcome cpu = parse_command_line({"--threads", "16"}, two_cores);
  CHECK_FALSE(cpu.command_line);
  CHECK(cpu.exit_code == 2);
  CHECK(cpu.error == "threadlab: --threads: 16 is not in 1..4");

  const CliOutcome too_many = parse_command_line({"--workload", "io", "--threads", "33"}, two_cores);
  CHECK_FALSE(too_many.command_line);
  CHECK(too_many.error == "threadlab: --threads: 33 is not in 1..4 (io: 1..32)");
}

TEST_CASE("io gets 8 workers by default, whatever the cores", "[cli][io]") {
  CHECK(default_workers(WorkloadKind::io, 1) == 8);
  CHECK(default_workers(WorkloadKind::mandelbrot, 2) == 2);
  CHECK(max_workers(WorkloadKind::io, 1) == 32);
  CHECK(max_workers(WorkloadKind::primes, 2) == 4);
}
