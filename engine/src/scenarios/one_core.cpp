// one_core: the same prime-counting job with 1 worker and with 2, while the
// whole process is pinned to one core. The fix leaves the process unpinned.
//
// Runs go 1, 2, 2, 1 workers, round after round, and the speedup is the
// median of the rounds' (alternating_rounds.hpp), so that a machine getting
// busier or quieter during the run affects both alike. A run cut short
// reports the rounds it completed.

#include <dirent.h>
#include <sched.h>
#include <sys/resource.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "measuring/alternating_rounds.hpp"
#include "measuring/io_figures.hpp"
#include "runs.hpp"
#include "measuring/work.hpp"
#include "threadlab/measurement/cpu_sampler.hpp"
#include "threadlab/workloads/primes.hpp"
#include "threadlab/scenarios/figures.hpp"
#include "threadlab/scenarios/figure_names.hpp"

namespace threadlab::detail {

namespace {

std::optional<ProcStat> read_proc_stat() {
  std::ifstream file("/proc/stat");
  std::stringstream text;
  text << file.rdbuf();
  return parse_proc_stat(text.str());
}

// The allowed core that was least busy over a short look: on a shared
// machine, other processes' threads on our core would take a bigger share
// from 1 worker than from 2 and blur the comparison.
int least_busy_core(const cpu_set_t& allowed) {
  int best = -1;
  for (int cpu = 0; cpu < CPU_SETSIZE && best < 0; ++cpu) {
    if (CPU_ISSET(cpu, &allowed)) best = cpu;
  }
  const auto before = read_proc_stat();
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // the sampling window
  const auto after = read_proc_stat();
  if (!before || !after) return best;
  const std::vector<double> load = core_utilisation(*before, *after);
  for (int cpu = 0; cpu < static_cast<int>(load.size()) && cpu < CPU_SETSIZE; ++cpu) {
    if (CPU_ISSET(cpu, &allowed) && load[static_cast<std::size_t>(cpu)] < load[static_cast<std::size_t>(best)]) {
      best = cpu;
    }
  }
  return best;
}

std::vector<pid_t> process_threads() {
  std::vector<pid_t> tids;
  DIR* dir = ::opendir("/proc/self/task");
  if (dir == nullptr) return tids;
  while (const dirent* entry = ::readdir(dir)) {
    if (entry->d_name[0] == '.') continue;
    tids.push_back(static_cast<pid_t>(std::strtol(entry->d_name, nullptr, 10)));
  }
  ::closedir(dir);
  return tids;
}

// Pins every thread of the process to one core while it lives, and puts
// each thread's own affinity back afterwards. Affinity is per thread on
// Linux, so the whole process means each task in /proc/self/task; the
// calling thread is pinned first, so the threads it starts inherit the pin.
class ProcessPinnedToOneCore {
 public:
  ProcessPinnedToOneCore() {
    CPU_ZERO(&original_);
    if (::sched_getaffinity(0, sizeof original_, &original_) != 0) fail("sched_getaffinity");
    cpu_ = least_busy_core(original_);
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(cpu_, &one);
    if (::sched_setaffinity(0, sizeof one, &one) != 0) fail("sched_setaffinity");
    for (pid_t tid : process_threads()) {
      cpu_set_t before;
      CPU_ZERO(&before);
      if (::sched_getaffinity(tid, sizeof before, &before) != 0) continue;  // it has just ended
      saved_.emplace_back(tid, before);
      ::sched_setaffinity(tid, sizeof one, &one);
    }
  }
  ~ProcessPinnedToOneCore() {
    for (pid_t tid : process_threads()) {
      const auto saved = std::find_if(saved_.begin(), saved_.end(), [&](const auto& s) { return s.first == tid; });
      // The calling thread was pinned before it was listed; threads started
      // since inherited the pin and get the process's original affinity.
      const cpu_set_t& restore = saved == saved_.end() || tid == self_ ? original_ : saved->second;
      ::sched_setaffinity(tid, sizeof restore, &restore);
    }
  }
  ProcessPinnedToOneCore(const ProcessPinnedToOneCore&) = delete;
  ProcessPinnedToOneCore& operator=(const ProcessPinnedToOneCore&) = delete;

  int cpu() const { return cpu_; }

 private:
  [[noreturn]] static void fail(const char* call) {
    throw std::runtime_error(std::string("cannot pin the process to one core: ") + call + ": " +
                             std::strerror(errno));
  }

  cpu_set_t original_;
  int cpu_ = 0;
  const pid_t self_ = ::gettid();
  std::vector<std::pair<pid_t, cpu_set_t>> saved_;
};

struct Usage {
  long involuntary_switches = 0;
  double cpu_seconds = 0;  // every thread of the process, user and system
};

Usage process_usage() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) { return double(t.tv_sec) + double(t.tv_usec) / 1e6; };
  return {usage.ru_nivcsw, seconds(usage.ru_utime) + seconds(usage.ru_stime)};
}

struct Run {
  double seconds = 0;
  double cpu_seconds = 0;
  long involuntary_switches = 0;
  std::uint64_t primes = 0;
  bool finished = false;
};

// Joins the workers; a stop of the scenario stops them first.
Run run_job(ScenarioContext& context, std::uint64_t limit, std::uint64_t segment_size, int workers) {
  auto job = std::make_shared<PrimesJob>(limit, segment_size);  // base primes are sieved here, untimed
  std::vector<std::unique_ptr<JobWorker>> threads;
  for (int w = 0; w < workers; ++w) {
    threads.push_back(std::make_unique<JobWorker>(job, "one-core-worker-" + std::to_string(w + 1)));
  }
  const Usage usage_before = process_usage();
  const auto began = std::chrono::steady_clock::now();
  for (auto& thread : threads) thread->start();
  for (auto& thread : threads) {
    while (!thread->join(std::chrono::duration<double>(0.05))) {
      if (!context.stop_requested()) continue;
      for (auto& other : threads) other->request_stop();
    }
  }
  Run run;
  run.seconds = seconds_between(began, std::chrono::steady_clock::now());
  const Usage usage_after = process_usage();
  run.involuntary_switches = usage_after.involuntary_switches - usage_before.involuntary_switches;
  run.cpu_seconds = usage_after.cpu_seconds - usage_before.cpu_seconds;
  run.finished = job->finished();
  run.primes = run.finished ? job->count() : 0;
  return run;
}

// A limit whose job takes about `seconds` on one worker, from a short
// sample run on the calling thread (the sieve's cost grows about linearly).
std::uint64_t limit_for(double seconds) {
  constexpr std::uint64_t sample_limit = 2'000'000;
  PrimesJob sample(sample_limit);
  const auto began = std::chrono::steady_clock::now();
  sample.work(std::stop_token{});
  const double sample_seconds = std::max(seconds_between(began, std::chrono::steady_clock::now()), 1e-4);
  const double limit = double(sample_limit) * seconds / sample_seconds;
  return static_cast<std::uint64_t>(std::clamp(limit, 1e6, 2e10));
}

constexpr double run_target_seconds = 0.05;

// What the runs so far add up to, per kind of run ([0]: 1 worker, [1]: many).
struct OneCoreTally {
  AlternatingRounds rounds;
  double cpu_seconds[2] = {0, 0};
  long switches[2] = {0, 0};
  int runs[2] = {0, 0};
  std::uint64_t primes = 0;
};

// Publishes the figures of the complete rounds so far: called after every
// round, so a run cut short (a time limit, a stop) still reports them.
void publish(ScenarioContext& context, const OneCoreTally& tally, int many) {
  const auto speedup = tally.rounds.median_ratio();
  if (!speedup) return;
  const double rounds = tally.rounds.complete_rounds();
  const double runs_each = 2 * rounds;
  const double seconds_one = tally.rounds.seconds(false);
  const double seconds_many = tally.rounds.seconds(true);
  context.set_figure(figure::primes_found, double(tally.primes));
  context.set_figure(figure::rounds, rounds);
  context.set_figure(figure::runs_each, runs_each);
  // How long each worker count was measured (the shorter of the two): a
  // verdict needs enough of both.
  context.set_figure(figure::measured_s, std::min(seconds_one, seconds_many));
  context.set_figure(scenario_figures::seconds(1), seconds_one / runs_each);
  context.set_figure(scenario_figures::seconds(many), seconds_many / runs_each);
  // The median of the rounds' speedups: one round hit by other programs' load cannot move it far.
  context.set_figure(figure::speedup, *speedup);
  // Cores' worth of CPU the process got while the job ran: at most 1 when pinned.
  context.set_figure(scenario_figures::cores_used(1), tally.cpu_seconds[0] / seconds_one);
  context.set_figure(scenario_figures::cores_used(many), tally.cpu_seconds[1] / seconds_many);
  // The same jobs' CPU seconds with 1 worker over those with many: the work
  // each second on a core does. On a core shared with other programs, many
  // threads win a larger share of it and finish sooner (speedup above 1),
  // but no second of the core does more work: this stays near 1 whatever
  // else runs.
  context.set_figure(figure::work_per_cpu_second_ratio, tally.cpu_seconds[0] / tally.cpu_seconds[1]);
  context.set_figure(scenario_figures::involuntary_switches(1), double(tally.switches[0]) / tally.runs[0]);
  context.set_figure(scenario_figures::involuntary_switches(many), double(tally.switches[1]) / tally.runs[1]);
}

}  // namespace

void run_one_core(ScenarioContext& context) {
  const bool pinned = !context.options().fix;
  const int many = context.threads_or(2);
  // Runs of about 50 ms go 1, many, many, 1 workers, again and again: a
  // burst of load from other processes then hits both kinds of run alike.
  const double duration = context.options().duration.count();
  const int repetitions = std::clamp(static_cast<int>(duration / (4 * run_target_seconds)), 1, 100);
  context.set_figure(figure::cores_available, usable_cores());
  std::unique_ptr<ProcessPinnedToOneCore> pin;
  if (pinned) pin = std::make_unique<ProcessPinnedToOneCore>();
  // Sized where it will run (pinned, if it is): on a core that other
  // programs share, a job sized on a free one would outrun the time limit.
  context.set_phase("sizing the job");
  const std::uint64_t limit = limit_for(duration / (4 * repetitions));
  // About 64 segments: enough for every worker to get a fair share.
  const std::uint64_t segment_size = std::clamp<std::uint64_t>(limit / 64, 1u << 14, PrimesJob::default_segment_size);
  context.set_figure(figure::pinned, pinned ? 1 : 0);
  if (pin) context.set_figure(figure::cpu, pin->cpu());
  context.set_figure(figure::primes_limit, double(limit));

  OneCoreTally tally;
  for (int run_index = 0; run_index < 4 * repetitions; ++run_index) {
    if (context.stop_requested()) return;
    const bool is_many = AlternatingRounds::order[static_cast<std::size_t>(run_index % 4)];
    const int workers = is_many ? many : 1;
    context.set_phase(std::to_string(workers) + (workers == 1 ? " worker" : " workers") +
                      (pinned ? ", pinned to one core" : ", on every core"));
    const Run run = run_job(context, limit, segment_size, workers);
    if (context.stop_requested()) return;
    if (!run.finished) throw std::runtime_error("the primes job did not finish");
    const int slot = is_many ? 1 : 0;
    tally.rounds.add(is_many, 1.0, run.seconds);
    tally.cpu_seconds[slot] += run.cpu_seconds;
    tally.switches[slot] += run.involuntary_switches;
    ++tally.runs[slot];
    tally.primes = run.primes;
    if (run_index % 4 == 3) publish(context, tally, many);
    context.set_progress(double(run_index + 1) / double(4 * repetitions));
  }
  measure_io_speedup(context);  // the I/O-bound half, on the same (pinned) core
  pin.reset();

  const double speedup = tally.rounds.median_ratio().value_or(0);
  const double switches_one = double(tally.switches[0]) / tally.runs[0];
  const double switches_many = double(tally.switches[1]) / tally.runs[1];
  context.add_note(pinned ? fmt::format("On one core, {} workers take turns: a speedup of {:.2f}x, with {} "
                                        "involuntary context switches against {} for 1 worker.",
                                        many, speedup, switches_many, switches_one)
                          : fmt::format("On {} cores, {} workers run in parallel: a speedup of {:.2f}x.",
                                        usable_cores(), many, speedup));
}

}  // namespace threadlab::detail
