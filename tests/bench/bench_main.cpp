// threadlab_bench: Google Benchmark's usual run and output, then the targets
// table (targets/) computed from this same run, and optionally the figures
// as JSON (--bench-json FILE). A missed target is reported, not failed: the
// exit code is non-zero only when the run itself went wrong.

#include <benchmark/benchmark.h>
#include <sys/single_threaded.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "bench_report_json.hpp"
#include "recording_reporter.hpp"
#include "targets.hpp"

namespace {

using namespace threadlab::bench;

constexpr std::string_view json_flag = "--bench-json";

struct OwnOptions {
  std::optional<std::filesystem::path> json_path;
  std::string error;
};

// Takes --bench-json FILE / --bench-json=FILE out of argv; Google Benchmark
// parses the rest.
OwnOptions take_own_options(int& argc, char** argv) {
  OwnOptions options;
  int kept = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == json_flag) {
      if (i + 1 >= argc) {
        options.error = "--bench-json needs a file name";
        return options;
      }
      options.json_path = argv[++i];
    } else if (arg.starts_with(std::string(json_flag) + "=")) {
      options.json_path = std::string(arg.substr(json_flag.size() + 1));
    } else {
      argv[kept++] = argv[i];
    }
  }
  argc = kept;
  argv[argc] = nullptr;
  if (options.json_path && options.json_path->empty()) options.error = "--bench-json needs a file name";
  if (options.json_path && options.error.empty()) {
    const std::filesystem::path directory = options.json_path->parent_path();
    std::error_code ignored;
    if (!directory.empty() && !std::filesystem::is_directory(directory, ignored))
      options.error = "cannot write " + options.json_path->string() + ": no directory " + directory.string();
  }
  return options;
}

void print_help() {
  benchmark::PrintDefaultHelp();
  std::printf(
      "          [--bench-json=<file>]\n\n"
      "After the benchmarks, threadlab_bench prints the targets table (ratios of\n"
      "figures measured in this run, pass or MISS) and, with --bench-json, writes the\n"
      "figures and targets as JSON. A MISS does not change the exit code.\n");
}

benchmark::ConsoleReporter::OutputOptions console_options() {
  const char* term = std::getenv("TERM");
  const bool colour = ::isatty(STDOUT_FILENO) && term != nullptr && std::string_view(term) != "dumb";
  return colour ? benchmark::ConsoleReporter::OO_Color : benchmark::ConsoleReporter::OO_None;
}

// glibc's pthread_mutex_lock/unlock (std::mutex) skip their atomic
// instructions while the process has never started a second thread
// (__libc_single_threaded), and glibc never goes back to single-threaded
// mode once a thread has existed. Every process a threading lab runs in has
// threads, so a std::mutex measured before any benchmark started one would
// look 3-4x cheaper than it ever is there, and its ratio to Lock would lie.
// One short-lived thread, before any measurement, makes every figure, in any
// order and under any --benchmark_filter, a multi-threaded process's.
bool make_process_multi_threaded() {
  std::thread([] {}).join();
  return __libc_single_threaded == 0;
}

}  // namespace

int main(int argc, char** argv) {
  const OwnOptions options = take_own_options(argc, argv);
  if (!options.error.empty()) {
    std::fprintf(stderr, "threadlab_bench: %s\n", options.error.c_str());
    return 2;
  }
  if (!make_process_multi_threaded()) {
    std::fprintf(stderr, "threadlab_bench: glibc still says the process is single-threaded\n");
    return 1;
  }
  benchmark::Initialize(&argc, argv, print_help);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;

  RecordingReporter reporter(console_options());
  const std::size_t benchmarks_run = benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  std::cout.flush();
  if (benchmarks_run == 0) {
    std::fprintf(stderr, "threadlab_bench: no benchmark matched the filter\n");
    return 1;
  }

  const std::vector<Measurement>& measurements = reporter.measurements();
  const std::vector<TargetRow> rows = target_rows(measurements);
  print_targets(stdout, rows);
  std::fflush(stdout);

  int exit_code = 0;
  for (const Measurement& measurement : measurements) {
    if (!measurement.failed()) continue;
    std::fprintf(stderr, "threadlab_bench: %s failed: %s\n", measurement.benchmark.c_str(), measurement.error.c_str());
    exit_code = 1;
  }
  if (options.json_path) {
    const std::string error = write_bench_json(*options.json_path, measurements, rows);
    if (!error.empty()) {
      std::fprintf(stderr, "threadlab_bench: %s\n", error.c_str());
      exit_code = 1;
    }
  }
  return exit_code;
}
