// Linux's /proc text as ThreadLab reads it: /proc/stat's cores, a thread's
// stat and schedstat lines, checked on recorded files (tests/data), and the
// utilisation between two readings of crafted counters.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "proc_fixtures.hpp"
#include "threadlab/measurement/cpu_sampler.hpp"

using namespace threadlab;
using test::parsed_fixture;
using test::read_fixture;
using test::task_line;

// --- /proc/stat --------------------------------------------------------------

TEST_CASE("parse_proc_stat reads the aggregate line and every counter of each core") {
  const ProcStat stat = parsed_fixture("proc_stat_2cores_a.txt");

  CHECK(stat.all.core == -1);
  CHECK(stat.all.user == 4220);
  CHECK(stat.all.idle == 102961);
  CHECK(stat.all.steal == 128);

  REQUIRE(stat.cores.size() == 2);
  const CoreTimes& core0 = stat.cores[0];
  CHECK(core0.core == 0);
  CHECK(core0.user == 1614);
  CHECK(core0.nice == 0);
  CHECK(core0.system == 800);
  CHECK(core0.idle == 52428);
  CHECK(core0.iowait == 24);
  CHECK(core0.irq == 0);
  CHECK(core0.softirq == 33);
  CHECK(core0.steal == 44);
  CHECK(stat.cores[1].core == 1);
  CHECK(stat.cores[1].user == 2606);
}

TEST_CASE("parse_proc_stat lists the cores of a four-core machine in core order") {
  const ProcStat stat = parsed_fixture("proc_stat_4cores.txt");

  REQUIRE(stat.cores.size() == 4);
  for (int i = 0; i < 4; ++i) CHECK(stat.cores[static_cast<std::size_t>(i)].core == i);
  CHECK(stat.cores[3].user == 10004);
  CHECK(stat.cores[3].system == 4002);
  CHECK(stat.cores[3].idle == 200634);
  CHECK(stat.all.user == 40010);
}

TEST_CASE("Busy time is user, nice, system, irq, softirq and steal, idle and iowait are not busy") {
  CoreTimes times;
  times.user = 1;
  times.nice = 2;
  times.system = 4;
  times.idle = 1000;
  times.iowait = 2000;
  times.irq = 8;
  times.softirq = 16;
  times.steal = 32;

  CHECK(times.busy() == 63);
  CHECK(times.total() == 3063);
}

TEST_CASE("parse_proc_stat accepts the four counters of old kernels, the rest being 0") {
  const auto stat = parse_proc_stat("cpu 10 20 30 40\ncpu0 10 20 30 40\n");

  REQUIRE(stat);
  REQUIRE(stat->cores.size() == 1);
  CHECK(stat->cores[0].idle == 40);
  CHECK(stat->cores[0].iowait == 0);
  CHECK(stat->cores[0].steal == 0);
}

TEST_CASE("parse_proc_stat skips other lines, even ones whose name starts with cpu") {
  const auto stat = parse_proc_stat("intr 1 2 3\ncpufreq 9 9\ncpu 1 2 3 4\ncpu0 1 2 3 4\nctxt 5");

  REQUIRE(stat);
  CHECK(stat->cores.size() == 1);
}

TEST_CASE("parse_proc_stat returns nullopt for malformed input instead of guessing") {
  SECTION("a counter that is not a number") {
    CHECK_FALSE(parse_proc_stat(read_fixture("proc_stat_malformed.txt")));
  }
  SECTION("no aggregate cpu line") {
    CHECK_FALSE(parse_proc_stat(""));
    CHECK_FALSE(parse_proc_stat("intr 1 2 3\nctxt 4\n"));
    CHECK_FALSE(parse_proc_stat("cpu0 1 2 3 4\n"));
  }
  SECTION("fewer than four counters") {
    CHECK_FALSE(parse_proc_stat("cpu 1 2 3\n"));
    CHECK_FALSE(parse_proc_stat("cpu 1 2 3 4\ncpu0\n"));
  }
  SECTION("negative or overflowing counters") {
    CHECK_FALSE(parse_proc_stat("cpu 1 2 3 4\ncpu0 -1 2 3 4\n"));
    CHECK_FALSE(parse_proc_stat("cpu 1 2 3 18446744073709551616\n"));
  }
  SECTION("the same core twice") {
    CHECK_FALSE(parse_proc_stat("cpu 1 2 3 4\ncpu0 1 2 3 4\ncpu0 1 2 3 4\n"));
    CHECK_FALSE(parse_proc_stat("cpu 1 2 3 4\ncpu 1 2 3 4\n"));
  }
}

// --- utilisation -------------------------------------------------------------

TEST_CASE("Utilisation between crafted samples: core 0 half busy, core 1 fully busy") {
  // Between the two recordings core 0 spent 50 ticks busy (user 30, system
  // 10, softirq 5, steal 5) and 50 not (idle 40, iowait 10); core 1 spent all
  // 100 ticks busy.
  const ProcStat before = parsed_fixture("proc_stat_2cores_a.txt");
  const ProcStat after = parsed_fixture("proc_stat_2cores_b.txt");

  const std::vector<double> loads = core_utilisation(before, after);

  REQUIRE(loads.size() == 2);
  CHECK(loads[0] == 0.5);
  CHECK(loads[1] == 1.0);
  CHECK(total_utilisation(before, after) == 0.75);
}

TEST_CASE("Utilisation is 0, never NaN, when no time has passed") {
  const ProcStat stat = parsed_fixture("proc_stat_2cores_a.txt");

  const std::vector<double> loads = core_utilisation(stat, stat);

  REQUIRE(loads.size() == 2);
  CHECK(loads[0] == 0.0);
  CHECK(loads[1] == 0.0);
  CHECK(total_utilisation(stat, stat) == 0.0);
}

TEST_CASE("Utilisation is 0, never negative or NaN, when counters go backwards") {
  // Samples taken in the wrong order look like every counter went backwards.
  const ProcStat earlier = parsed_fixture("proc_stat_2cores_a.txt");
  const ProcStat later = parsed_fixture("proc_stat_2cores_b.txt");

  for (const double load : core_utilisation(later, earlier)) CHECK(load == 0.0);
  CHECK(total_utilisation(later, earlier) == 0.0);
}

TEST_CASE("A counter that steps back counts as no time while the others still count") {
  // Some kernels let iowait decrease; it must not cancel out busy time.
  const auto before = parse_proc_stat("cpu 100 0 0 100 50 0 0 0\ncpu0 100 0 0 100 50 0 0 0\n");
  const auto after = parse_proc_stat("cpu 130 0 0 130 20 0 0 0\ncpu0 130 0 0 130 20 0 0 0\n");
  REQUIRE(before);
  REQUIRE(after);

  CHECK(core_utilisation(*before, *after) == std::vector<double>{0.5});
  CHECK(total_utilisation(*before, *after) == 0.5);
}

TEST_CASE("Cores are matched by number, so a core going offline does not shift the others") {
  const auto before = parse_proc_stat(
      "cpu 0 0 0 0\ncpu0 0 0 0 100\ncpu1 0 0 0 100\ncpu2 100 0 0 0\n");
  const auto after = parse_proc_stat("cpu 0 0 0 0\ncpu0 50 0 0 150\ncpu2 200 0 0 0\n");
  REQUIRE(before);
  REQUIRE(after);

  CHECK(core_utilisation(*before, *after) == std::vector<double>{0.5, 1.0});
}

// --- /proc/[pid]/task/[tid]/stat ---------------------------------------------

TEST_CASE("parse_task_stat reads a recorded thread whose name contains a space") {
  const auto task = parse_task_stat(read_fixture("task_stat_worker.txt"));

  REQUIRE(task);
  CHECK(task->tid == 5659);
  CHECK(task->comm == "sampler worker");
  CHECK(task->state == 'R');
  CHECK(task->utime == 12);
  CHECK(task->stime == 22);
  CHECK(task->last_core == 0);
}

TEST_CASE("parse_task_stat ends the thread name at the last ')' so names may hold parentheses") {
  const auto task = parse_task_stat(read_fixture("task_stat_odd_comm.txt"));

  REQUIRE(task);
  CHECK(task->tid == 4242);
  CHECK(task->comm == "my (odd) name");
  CHECK(task->state == 'S');
  CHECK(task->utime == 1234);
  CHECK(task->stime == 567);
  CHECK(task->last_core == 1);
}

TEST_CASE("parse_task_stat is not fooled by a thread name that looks like the fields after it") {
  const auto task = parse_task_stat(task_line(77, "x) R 1 2 3 4 5", 11, 22, 1));

  REQUIRE(task);
  CHECK(task->comm == "x) R 1 2 3 4 5");
  CHECK(task->state == 'S');
  CHECK(task->utime == 11);
  CHECK(task->stime == 22);
}

TEST_CASE("parse_task_stat leaves last_core at -1 for kernels without the processor field") {
  const auto task = parse_task_stat("9 (old) S 1 1 1 0 -1 0 0 0 0 0 5 6 0 0 20 0 1 0 100");

  REQUIRE(task);
  CHECK(task->utime == 5);
  CHECK(task->stime == 6);
  CHECK(task->last_core == -1);
}

TEST_CASE("parse_task_stat returns nullopt for malformed input") {
  CHECK_FALSE(parse_task_stat(read_fixture("task_stat_truncated.txt")));
  CHECK_FALSE(parse_task_stat(""));
  CHECK_FALSE(parse_task_stat("not a stat line"));
  CHECK_FALSE(parse_task_stat("12 no parentheses S 1 2 3"));
  CHECK_FALSE(parse_task_stat(")12 (backwards S"));
  CHECK_FALSE(parse_task_stat("-5 (negative) S 1 1 1 0 -1 0 0 0 0 0 5 6"));
  CHECK_FALSE(parse_task_stat("abc (name) S 1 1 1 0 -1 0 0 0 0 0 5 6"));
  CHECK_FALSE(parse_task_stat("5 (name) Sleeping 1 1 1 0 -1 0 0 0 0 0 5 6"));
  CHECK_FALSE(parse_task_stat("5 (name) S 1 1 1 0 -1 0 0 0 0 0 five 6"));
}

// --- schedstat ----------------------------------------------------------------

TEST_CASE("parse_task_schedstat reads run time, run-queue wait and timeslices of a recorded thread") {
  const auto stat = parse_task_schedstat(read_fixture("task_schedstat_worker.txt"));
  REQUIRE(stat);
  CHECK(stat->run_ns == 48'793'021'337u);
  CHECK(stat->wait_ns == 1'502'277'104u);
  CHECK(stat->timeslices == 96'012u);
}

TEST_CASE("parse_task_schedstat returns nullopt for truncated or malformed text") {
  CHECK_FALSE(parse_task_schedstat(read_fixture("task_schedstat_truncated.txt")));
  CHECK_FALSE(parse_task_schedstat(""));
  CHECK_FALSE(parse_task_schedstat("12 x4 5\n"));
  CHECK_FALSE(parse_task_schedstat("-12 4 5\n"));
  CHECK_FALSE(parse_task_schedstat("1 2 3 4\n"));
}

// --- CpuSampler on a fake /proc ----------------------------------------------
