// Step through: the lessons' statements on real Threads, one at a time.

#include <catch2/catch.hpp>

#include <functional>
#include <stdexcept>

#include "threadlab/diagnostics/thread_timeline.hpp"
#include "threadlab/lab/lab.hpp"
#include "threadlab/stepping/step_session.hpp"
#include "threadlab/stepping/stepper.hpp"
#include "threadlab/threading/registry.hpp"

using namespace threadlab;
using namespace threadlab::stepping;

namespace {

StepOptions race(bool fix = false, int threads = 2, int repeats = 1) {
  return StepOptions{StepLesson::race, fix, threads, repeats};
}
StepOptions deadlock(bool fix = false) { return StepOptions{StepLesson::deadlock, fix, 2, 1}; }

StepRequest step_of(int thread) {
  StepRequest request;
  request.steps = {thread};
  return request;
}
StepRequest undo_request() {
  StepRequest request;
  request.undo = true;
  return request;
}

bool lesson_thread_alive() {
  for (const ThreadInfo& thread : enumerate())
    if (thread.name.size() == 2 && thread.name[0] == 'T' && thread.started_by_engine) return true;
  return false;
}

// Every complete schedule of the model (each a list of accepted steps).
void every_schedule(const StepProgram& program, const ModelState& state, std::vector<int>& schedule,
                    const std::function<void(const std::vector<int>&, const ModelState&)>& visit) {
  bool any = false;
  for (int thread = 0; thread < static_cast<int>(program.threads.size()); ++thread) {
    if (refusal(program, state, thread)) continue;
    any = true;
    ModelState next = state;
    apply_step(program, next, thread);
    schedule.push_back(thread);
    every_schedule(program, next, schedule, visit);
    schedule.pop_back();
  }
  if (!any) visit(schedule, state);
}

}  // namespace

TEST_CASE("step race: both threads load before either stores, and one update is lost") {
  const ScheduleRun run = run_schedule(race(), {0, 1, 0, 0, 1, 1});
  CHECK(run.outcome.finished);
  CHECK(run.outcome.expected == 2);
  CHECK(run.outcome.actual == 1);
  CHECK(run.outcome.lost_updates == 1);
  CHECK(run.outcome.words == "T2 overwrote T1's update: counter = 1, expected 2");
  REQUIRE(run.steps.size() == 6);
  CHECK(run.steps[1].text == "tmp = counter");
  CHECK(run.steps[1].after.tmp == std::vector<std::int64_t>{0, 0});
  CHECK(run.steps[3].after.counter == 1);
  CHECK(run.steps[5].before.counter == 1);
  CHECK(run.steps[5].after.counter == 1);
  CHECK(run.steps[5].note == "T2 overwrote T1's update");
}

TEST_CASE("step race: a serial schedule loses no update") {
  const ScheduleRun run = run_schedule(race(false, 3, 2), {});
  CHECK(run.outcome.finished);
  CHECK(run.outcome.expected == 6);
  CHECK(run.outcome.actual == 6);
  CHECK(run.outcome.lost_updates == 0);
  CHECK(run.steps.size() == 18);
}

TEST_CASE("step race: the rest runs in thread order after the schedule") {
  const ScheduleRun run = run_schedule(race(), {1});
  REQUIRE(run.steps.size() == 6);
  CHECK(run.steps[0].thread == 1);
  CHECK(run.steps[1].thread == 0);  // then T1 to its end
  CHECK(run.steps[4].thread == 1);
  CHECK(run.outcome.lost_updates == 1);  // T2 loaded 0 before T1 ran
}

TEST_CASE("step race with the Lock: no schedule loses an update, on the real threads") {
  const StepProgram program = make_program(race(true));
  std::uint64_t visited = 0;
  CHECK_FALSE(find_losing_schedule(program, &visited));
  CHECK_FALSE(find_losing_schedule(make_program(race(true, 3, 2)), &visited));
  CHECK(visited < search_state_limit);  // every reachable state searched
  // Four threads of three locked increments have far more: the search stops.
  CHECK_FALSE(find_losing_schedule(make_program(race(true, 4, 3)), &visited));
  CHECK(visited == search_state_limit);
  std::vector<int> schedule;
  int schedules = 0;
  every_schedule(program, initial_state(program), schedule, [&](const std::vector<int>& s, const ModelState&) {
    const ScheduleRun run = run_schedule(race(true), s);
    ++schedules;
    CHECK(run.outcome.lost_updates == 0);
    CHECK(run.outcome.actual == 2);
  });
  CHECK(schedules >= 2);
}

TEST_CASE("step race without the Lock: the search finds a losing schedule, and it loses on the real threads") {
  for (int threads = 2; threads <= 4; ++threads) {
    const StepOptions options = race(false, threads, 2);
    const auto found = find_losing_schedule(make_program(options));
    REQUIRE(found);
    const ScheduleRun run = run_schedule(options, *found);
    CHECK(run.outcome.lost_updates > 0);
    CHECK(run.outcome.actual < run.outcome.expected);
  }
}

TEST_CASE("step race with the Lock: a blocked thread's step is refused, with the reason") {
  Stepper stepper(race(true));
  stepper.step(0);  // T1: lock.acquire()
  const StepRecord& blocked = stepper.step(1);
  CHECK_FALSE(blocked.refused);
  CHECK(blocked.note == "T2 blocked on Lock counter");
  const StepRecord& refused = stepper.step(1);
  CHECK(refused.refused);
  CHECK(refused.why == "T2 is blocked on Lock counter, held by T1");
  CHECK(stepper.shared().holders == std::vector<int>{0});
  for (int i = 0; i < 4; ++i) stepper.step(0);  // T1 to its release: the Lock goes to T2
  CHECK(stepper.shared().holders == std::vector<int>{1});
  CHECK(stepper.threads()[1].blocked_on == -1);
  CHECK(stepper.threads()[1].next == 1);
}

TEST_CASE("step deadlock: 1,2,1,2 deadlocks, and the detector names the cycle") {
  const ScheduleRun run = run_schedule(deadlock(), {0, 1, 0, 1});
  CHECK(run.outcome.deadlock);
  CHECK_FALSE(run.outcome.finished);
  REQUIRE(run.outcome.cycle);
  REQUIRE(run.outcome.cycle->links.size() == 2);
  CHECK(run.outcome.words == "every thread is blocked: T1 holds A and waits for B, T2 holds B and waits for A");
  CHECK(run.steps.size() == 4);
  CHECK_FALSE(run.lock_order_inversions.empty());
}

TEST_CASE("step deadlock with the fix: 1,2,1,2 does not deadlock") {
  const ScheduleRun run = run_schedule(deadlock(true), {0, 1, 0, 1});
  CHECK_FALSE(run.outcome.deadlock);
  CHECK(run.outcome.finished);
  CHECK(run.outcome.actual == 2);
  CHECK(run.steps[3].refused);
  CHECK(run.steps[3].why == "T2 is blocked on Lock A, held by T1");
  CHECK(run.lock_order_inversions.empty());
  CHECK_FALSE(find_losing_schedule(make_program(deadlock(true))));
}

TEST_CASE("step: Undo gives the same state as replaying the shorter schedule") {
  const std::vector<int> schedule{0, 1, 1, 0, 1};
  StepSession session(race(false, 2, 2));
  for (const int thread : schedule) session.apply(step_of(thread));
  session.apply(undo_request());
  const StepperSnapshot undone = session.snapshot();

  Stepper replay(race(false, 2, 2));
  for (std::size_t i = 0; i + 1 < schedule.size(); ++i) replay.step(schedule[i]);
  CHECK(undone.shared == replay.shared());
  CHECK(undone.steps.size() == replay.steps().size());
  for (std::size_t i = 0; i < undone.threads.size(); ++i) CHECK(undone.threads[i].next == replay.threads()[i].next);
}

TEST_CASE("step: closing mid-lesson joins every thread, blocked or at its gate") {
  {
    StepSession session(deadlock());
    for (const int thread : {0, 1, 0, 1}) session.apply(step_of(thread));
    CHECK(session.snapshot().outcome.deadlock);
    CHECK(lesson_thread_alive());
  }
  CHECK_FALSE(lesson_thread_alive());
  {
    Stepper stepper(race(true, 4));
    for (const int thread : {0, 1, 2, 0}) stepper.step(thread);
  }
  CHECK_FALSE(lesson_thread_alive());
}

TEST_CASE("step: a thread at its gate is 'paused by you' on the Timeline, apart from a Lock wait") {
  Stepper stepper(race(true));
  stepper.step(0);
  stepper.step(1);  // T2 blocks on the Lock
  const auto now = std::chrono::steady_clock::now().time_since_epoch();
  const TimelineSnapshot timeline =
      take_timeline(std::chrono::seconds(5), {}, 0, std::chrono::duration_cast<std::chrono::nanoseconds>(now).count());
  bool t1_paused = false, t2_lock_wait = false;
  for (const TimelineLane& lane : timeline.lanes) {
    if (lane.segments.empty()) continue;
    if (lane.name == "T1") t1_paused = lane.segments.back().state == TimelineState::paused;
    if (lane.name == "T2") t2_lock_wait = lane.segments.back().state == TimelineState::lock_wait;
  }
  CHECK(t1_paused);
  CHECK(t2_lock_wait);
  CHECK(std::string(to_string(TimelineState::paused)) == "paused by you");
}

TEST_CASE("step: bad options are refused with one line") {
  CHECK_THROWS_WITH(Stepper(race(false, 5)), "race needs 2 to 4 threads, not 5");
  CHECK_THROWS_WITH(Stepper(StepOptions{StepLesson::deadlock, false, 3, 1}), "deadlock has 2 threads, not 3");
  CHECK_THROWS_WITH(Stepper(race(false, 2, 4)), "repeats must be 1 to 3, not 4");
  Stepper stepper(race());
  CHECK(stepper.step(7).why == "there is no thread 8");
}

TEST_CASE("step: the Lab's Step-through page shows in its snapshot, and closing it or the Lab joins every thread") {
  LabSettings settings;
  settings.workers = 1;
  settings.image_width = 64;
  settings.image_height = 48;
  {
    Lab lab(settings, {});
    lab.open_stepper(race(true));
    StepRequest request;
    request.steps = {0, 1};
    lab.apply_step_request(request);
    const LabSnapshot snapshot = lab.snapshot();
    REQUIRE(snapshot.stepper);
    CHECK(snapshot.stepper->threads[1].blocked_on == 0);
    CHECK(snapshot.stepper->shared.holders == std::vector<int>{0});
    CHECK(lesson_thread_alive());
    lab.close_stepper();
    CHECK_FALSE(lesson_thread_alive());
    CHECK_FALSE(lab.snapshot().stepper);
    lab.open_stepper(deadlock());
    for (const int thread : {0, 1, 0, 1}) lab.apply_step_request(step_of(thread));
    CHECK(lab.snapshot().stepper->outcome.deadlock);
  }
  CHECK_FALSE(lesson_thread_alive());
}

TEST_CASE("step: Find a losing schedule plays one step at a time, and finds none with the fix") {
  StepSession session(race(false, 3, 1));
  StepRequest find;
  find.find_losing = true;
  session.apply(find);
  const StepperSnapshot found = session.snapshot();
  REQUIRE_FALSE(found.playing.empty());
  CHECK(found.steps.empty());
  CHECK(found.message.find("This schedule loses an update") == 0);
  auto now = std::chrono::steady_clock::now();
  session.tick(now);
  CHECK(session.snapshot().steps.size() == 1);
  session.tick(now);  // not yet due
  CHECK(session.snapshot().steps.size() == 1);
  for (std::size_t i = 0; i < found.playing.size(); ++i) session.tick(now += play_interval);
  const StepperSnapshot played = session.snapshot();
  CHECK(played.playing.empty());
  CHECK(played.outcome.finished);
  CHECK(played.outcome.lost_updates > 0);

  StepSession fixed(deadlock(true));
  fixed.apply(find);
  CHECK(fixed.snapshot().playing.empty());
  CHECK(fixed.snapshot().message.find("No schedule deadlocks") == 0);
}
