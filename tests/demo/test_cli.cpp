// The threadlab command line and the stats JSON of a scripted session:
// what each argument turns into, the one line each bad value earns, and the
// figures the JSON reports.

#include <catch2/catch.hpp>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "temporary_directory.hpp"
#include "commands/cli.hpp"
#include "output/json/stats_json.hpp"

using namespace threadlab;
using namespace threadlab::app;
using namespace std::chrono_literals;

namespace {

constexpr int two_cores = 2;  // so --threads accepts 1..4

CliOutcome parse(std::vector<std::string> args, int cores = two_cores) {
  return parse_command_line(args, cores);
}

RunSettings parse_run(std::vector<std::string> args) {
  const CliOutcome outcome = parse(std::move(args));
  INFO(outcome.error);
  REQUIRE(outcome.command_line);
  REQUIRE(outcome.command_line->command == Command::run);
  return outcome.command_line->run;
}

using threadlab::test::TemporaryDirectory;

}  // namespace

TEST_CASE("Without arguments threadlab opens a 1600x900 window running Mandelbrot on worker threads",
          "[cli]") {
  const RunSettings run = parse_run({});
  CHECK(run.lab.mode == Mode::multi_thread);
  CHECK(run.lab.workload == WorkloadKind::mandelbrot);
  CHECK(run.lab.workers == 0);  // one per core
  CHECK(run.lab.priority == WorkerPriority::paced);
  CHECK(run.lab.image_width == 640);
  CHECK(run.lab.image_height == 480);
  CHECK(run.window == WindowSize{1600, 900});
  CHECK_FALSE(run.duration_seconds);
  CHECK_FALSE(run.stats_json);
}

TEST_CASE("Every run option lands in the settings", "[cli]") {
  TemporaryDirectory directory("cli");
  const auto json = (directory.path() / "stats.json").string();
  const RunSettings run =
      parse_run({"--mode", "single", "--workload", "primes", "--threads", "3", "--priority",
                 "normal", "--size", "1920x1080", "--duration", "2.5", "--stats-json", json});
  CHECK(run.lab.mode == Mode::single_thread);
  CHECK(run.lab.workload == WorkloadKind::primes);
  CHECK(run.lab.workers == 3);
  CHECK(run.lab.priority == WorkerPriority::normal);
  CHECK(run.window == WindowSize{1920, 1080});
  REQUIRE(run.duration_seconds);
  CHECK(*run.duration_seconds == 2.5);
  REQUIRE(run.stats_json);
  CHECK(run.stats_json->string() == json);
}

TEST_CASE("Options also take their value after an equals sign, and the last one given wins",
          "[cli]") {
  const RunSettings run = parse_run({"--mode=single", "--threads=2", "--mode", "multi"});
  CHECK(run.lab.mode == Mode::multi_thread);
  CHECK(run.lab.workers == 2);
}

TEST_CASE("Option --threads accepts 1 up to twice the number of cores", "[cli]") {
  CHECK(parse_run({"--threads", "1"}).lab.workers == 1);
  CHECK(parse_run({"--threads", "4"}).lab.workers == 4);
  const CliOutcome eight_cores = parse({"--threads", "16"}, 8);
  REQUIRE(eight_cores.command_line);
  CHECK(eight_cores.command_line->run.lab.workers == 16);
}

TEST_CASE("Option --size accepts window sizes from 640x480 to 7680x4320", "[cli]") {
  CHECK(parse_run({"--size", "640x480"}).window == WindowSize{640, 480});
  CHECK(parse_run({"--size", "7680x4320"}).window == WindowSize{7680, 4320});
}

TEST_CASE("Option --ui-scale accepts 0.5 to 4 and refuses anything else in one line", "[cli][layout]") {
  CHECK_FALSE(parse_run({}).ui_scale);
  CHECK(parse_run({"--ui-scale", "1.5"}).ui_scale == Approx(1.5f));
  CHECK(parse_run({"--ui-scale", "0.5"}).ui_scale == Approx(0.5f));
  CHECK(parse_run({"--ui-scale", "4"}).ui_scale == Approx(4.0f));
  for (const char* bad : {"0", "0.4", "4.5", "two", "1.5x", "", "nan", "inf"}) {
    const CliOutcome outcome = parse({"--ui-scale", bad});
    INFO("--ui-scale '" << bad << "': " << outcome.error);
    CHECK_FALSE(outcome.command_line);
    CHECK(outcome.exit_code == 2);
    CHECK(outcome.error.find("--ui-scale") != std::string::npos);
    CHECK(outcome.error.rfind("threadlab: --ui-scale: ", 0) == 0);
    CHECK(outcome.error.find('\n') == std::string::npos);
  }
}

TEST_CASE("Option --stats-json accepts a bare file name, which goes to the working directory", "[cli]") {
  const RunSettings run = parse_run({"--stats-json", "stats.json"});
  REQUIRE(run.stats_json);
  CHECK(run.stats_json->string() == "stats.json");
}

TEST_CASE("Each bad value is refused with one line that names the option, and exit code 2",
          "[cli]") {
  struct Case {
    std::vector<std::string> args;
    std::string error;
  };
  const std::vector<Case> cases{
      {{"--threads", "0"}, "threadlab: --threads: 0 is not in 1..4"},
      {{"--threads", "5"}, "threadlab: --threads: 5 is not in 1..4"},
      {{"--threads", "two"}, "threadlab: --threads: two is not in 1..4"},
      {{"--threads", "2.5"}, "threadlab: --threads: 2.5 is not in 1..4"},
      {{"--mode", "fast"}, "threadlab: --mode: fast is not one of single, multi"},
      {{"--workload", "pi"}, "threadlab: --workload: pi is not one of mandelbrot, primes, io"},
      {{"--priority", "high"}, "threadlab: --priority: high is not one of paced, normal, lower, idle"},
      {{"--size", "12"}, "threadlab: --size: 12 is not WIDTHxHEIGHT, e.g. 1600x900"},
      {{"--size", "1600x"}, "threadlab: --size: 1600x is not WIDTHxHEIGHT, e.g. 1600x900"},
      {{"--size", "320x200"}, "threadlab: --size: 320x200 is outside 640x480..7680x4320"},
      {{"--size", "8000x900"}, "threadlab: --size: 8000x900 is outside 640x480..7680x4320"},
      {{"--duration", "0"}, "threadlab: --duration: 0 is not a positive number of seconds"},
      {{"--duration", "soon"}, "threadlab: --duration: soon is not a positive number of seconds"},
      {{"--duration", "inf"}, "threadlab: --duration: inf is not a positive number of seconds"},
      {{"--stats-json", "/nonexistent/dir/x.json"},
       "threadlab: --stats-json: directory /nonexistent/dir does not exist"},
  };
  for (const auto& bad : cases) {
    INFO(bad.args.front() << " " << bad.args.back());
    const CliOutcome outcome = parse(bad.args);
    CHECK_FALSE(outcome.command_line);
    CHECK(outcome.exit_code == 2);
    CHECK(outcome.error == bad.error);
    CHECK(outcome.output.empty());
  }
}

TEST_CASE("A --stats-json file in a directory that cannot be written is refused up front", "[cli]") {
  // procfs refuses new files in a process's directory, even to root.
  const CliOutcome outcome = parse({"--stats-json", "/proc/self/x.json"});
  CHECK_FALSE(outcome.command_line);
  CHECK(outcome.exit_code == 2);
  CHECK(outcome.error == "threadlab: --stats-json: directory /proc/self is not writable");
}

TEST_CASE("A --stats-json file whose directory is a plain file is refused up front", "[cli]") {
  TemporaryDirectory directory("cli");
  const auto plain_file = directory.path() / "plain-file";
  std::ofstream(plain_file) << "not a directory";
  const CliOutcome outcome = parse({"--stats-json", (plain_file / "x.json").string()});
  CHECK_FALSE(outcome.command_line);
  CHECK(outcome.exit_code == 2);
  CHECK(outcome.error == "threadlab: --stats-json: " + plain_file.string() + " is not a directory");
}

TEST_CASE("A --stats-json path that is a directory is refused", "[cli]") {
  TemporaryDirectory directory("cli");
  const CliOutcome outcome = parse({"--stats-json", directory.path().string()});
  CHECK_FALSE(outcome.command_line);
  CHECK(outcome.exit_code == 2);
  CHECK(outcome.error == "threadlab: --stats-json: " + directory.path().string() + " is a directory");
}

TEST_CASE("A --trace file that cannot be written is refused up front, naming --trace", "[cli][trace]") {
  for (const std::vector<std::string>& args : {std::vector<std::string>{"--trace", "/proc/self/x.json"},
                                               {"scenario", "race", "--trace", "/proc/self/x.json"}}) {
    INFO(args.front());
    const CliOutcome outcome = parse(args);
    CHECK_FALSE(outcome.command_line);
    CHECK(outcome.exit_code == 2);
    CHECK(outcome.error == "threadlab: --trace: directory /proc/self is not writable");
  }
  const CliOutcome empty = parse({"--trace", ""});
  CHECK(empty.error == "threadlab: --trace: '' is not a file name");
}

TEST_CASE("Unknown arguments and missing values are refused with one line", "[cli]") {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--fast"}, {"--threads"}, {"extra"}}) {
    INFO(args.front());
    const CliOutcome outcome = parse(args);
    CHECK_FALSE(outcome.command_line);
    CHECK(outcome.exit_code == 2);
    CHECK(outcome.error.rfind("threadlab: ", 0) == 0);
    CHECK(outcome.error.find('\n') == std::string::npos);
  }
}

TEST_CASE("Option --help prints the usage with every option and exits 0", "[cli]") {
  const CliOutcome outcome = parse({"--help"});
  CHECK_FALSE(outcome.command_line);
  CHECK(outcome.exit_code == 0);
  CHECK(outcome.error.empty());
  for (const char* option : {"--mode", "--workload", "--threads", "--priority", "--size",
                             "--duration", "--stats-json", "--version"}) {
    INFO(option);
    CHECK(outcome.output.find(option) != std::string::npos);
  }
}

TEST_CASE("Option --version prints the program's name and version and exits 0", "[cli]") {
  const CliOutcome outcome = parse({"--version"});
  CHECK_FALSE(outcome.command_line);
  CHECK(outcome.exit_code == 0);
  CHECK(outcome.output == "threadlab " THREADLAB_VERSION "\n");
  CHECK(version_text() == "threadlab " THREADLAB_VERSION);
}

namespace {

LabSnapshot synthetic_snapshot() {
  LabSnapshot snapshot;
  snapshot.settings.mode = Mode::single_thread;
  snapshot.settings.workload = WorkloadKind::primes;
  snapshot.settings.priority = WorkerPriority::normal;
  snapshot.worker_count = 3;
  snapshot.frames = {.count = 120, .p50_ms = 16.7, .p99_ms = 950.0, .max_ms = 1200.0,
                     .mean_ms = 40.0, .over_threshold = 4};
  snapshot.longest_freeze_ms = 1200.0;
  snapshot.probe = {.count = 300, .p50_ms = 0.5, .p99_ms = 900.0, .max_ms = 1190.0,
                    .mean_ms = 10.0, .over_threshold = 3};
  LockStats queue;
  queue.name = "primes.segment-queue";
  queue.acquisitions = 400;
  queue.contended_acquisitions = 100;
  queue.total_wait = 50ms;
  queue.max_wait = 2ms;
  snapshot.locks = {queue};
  snapshot.mean_core_load_percent = {75.0, 50.0};
  snapshot.mean_process_percent = 125.0;
  snapshot.jobs_completed = 2;
  snapshot.items_done_total = 1000;
  snapshot.session_seconds = 4.0;
  snapshot.items_per_second = 250.0;
  return snapshot;
}

SessionFacts synthetic_facts() {
  SessionFacts facts;
  facts.duration_s = 4.0;
  return facts;
}

}  // namespace

TEST_CASE("The stats JSON names the session's settings in the command line's words", "[cli]") {
  const auto json = build_stats_json(synthetic_snapshot(), synthetic_facts());
  CHECK(json.at("version") == THREADLAB_VERSION);
  CHECK(json.at("mode") == "single");
  CHECK(json.at("workload") == "primes");
  CHECK(json.at("threads") == 3);
  CHECK(json.at("priority") == "normal");
  CHECK(json.at("duration_s") == 4.0);
}

TEST_CASE("The stats JSON reports the frames, the longest freeze and the probe's pings", "[cli]") {
  const auto json = build_stats_json(synthetic_snapshot(), synthetic_facts());
  const auto& frames = json.at("frames");
  CHECK(frames.at("count") == 120);
  CHECK(frames.at("p50_ms") == 16.7);
  CHECK(frames.at("p99_ms") == 950.0);
  CHECK(frames.at("max_ms") == 1200.0);
  CHECK(frames.at("mean_ms") == 40.0);
  CHECK(frames.at("over_50ms") == 4);
  CHECK(json.at("longest_freeze_ms") == 1200.0);
  const auto& probe = json.at("probe");
  CHECK(probe.at("count") == 300);
  CHECK(probe.at("p50_ms") == 0.5);
  CHECK(probe.at("p99_ms") == 900.0);
  CHECK(probe.at("max_ms") == 1190.0);
}

TEST_CASE("The stats JSON reports each lock's contention with waits in ms and us", "[cli]") {
  const auto json = build_stats_json(synthetic_snapshot(), synthetic_facts());
  REQUIRE(json.at("locks").size() == 1);
  const auto& lock = json.at("locks").at(0);
  CHECK(lock.at("name") == "primes.segment-queue");
  CHECK(lock.at("acquisitions") == 400);
  CHECK(lock.at("contended") == 100);
  CHECK(lock.at("contended_fraction").get<double>() == Approx(0.25));
  CHECK(lock.at("total_wait_ms").get<double>() == Approx(50.0));
  CHECK(lock.at("max_wait_ms").get<double>() == Approx(2.0));
  CHECK(lock.at("mean_wait_us").get<double>() == Approx(500.0));  // 50 ms over 100 waits
}

TEST_CASE("The stats JSON reports each core's mean load and the throughput over the session",
          "[cli]") {
  const auto json = build_stats_json(synthetic_snapshot(), synthetic_facts());
  const auto& cores = json.at("cores");
  CHECK(cores.at("count") == 2);
  REQUIRE(cores.at("mean_load_percent").size() == 2);
  CHECK(cores.at("mean_load_percent").at(0).get<double>() == Approx(75.0));
  CHECK(cores.at("mean_load_percent").at(1).get<double>() == Approx(50.0));
  CHECK(cores.at("process_mean_percent") == 125.0);
  const auto& throughput = json.at("throughput");
  CHECK(throughput.at("jobs_completed") == 2);
  CHECK(throughput.at("items_done") == 1000);
  CHECK(throughput.at("items_per_second").get<double>() == Approx(250.0));
}

TEST_CASE("A stats JSON file is replaced whole and leaves no temporary file behind", "[cli]") {
  TemporaryDirectory directory("cli");
  const auto file = directory.path() / "stats.json";
  std::ofstream(file) << "an older run";
  const auto json = build_stats_json(synthetic_snapshot(), synthetic_facts());

  write_json_atomically(file, json);

  std::ifstream in(file);
  CHECK(nlohmann::ordered_json::parse(in) == json);
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(directory.path())) {
    names.push_back(entry.path().filename().string());
  }
  CHECK(names == std::vector<std::string>{"stats.json"});
}

TEST_CASE("Writing a stats JSON file where it cannot go throws one line naming the file",
          "[cli]") {
  TemporaryDirectory directory("cli");
  const auto file = directory.path() / "missing" / "stats.json";
  try {
    write_json_atomically(file, nlohmann::ordered_json::object());
    FAIL("no exception");
  } catch (const std::runtime_error& error) {
    const std::string message = error.what();
    CHECK(message.rfind("cannot write " + file.string() + ": ", 0) == 0);
    CHECK(message.find('\n') == std::string::npos);
  }
}
