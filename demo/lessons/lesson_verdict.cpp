// Each scenario's key figure judged against what its lesson predicts, with
// or without the fix (judge_lesson in panels.hpp): one function per scenario.

#include <fmt/format.h>

#include <algorithm>
#include <string>

#include "widgets/format.hpp"
#include "panels/panels.hpp"
#include "scenario_page.hpp"
#include "widgets/widgets.hpp"
#include "threadlab/scenarios/figures.hpp"
#include "threadlab/scenarios/figure_names.hpp"

namespace threadlab::ui {

namespace {

namespace names = scenario_figures;

// Below this much measuring per worker count, a ratio of two timings says
// more about the scheduler's last few time slices than about threads.
constexpr double min_measured_s = 0.5;

// One result being judged, and the verdict so far.
struct Judge {
  const ScenarioResult& result;
  const bool fix;
  LessonVerdict verdict;

  std::optional<double> value(const std::string& name) const { return result.figure(name); }
  // Sets the verdict from whether the figure came out as the lesson predicts.
  void judge(bool predicted, std::string figure, std::string as_predicted, std::string differs) {
    verdict.match = predicted ? LessonMatch::as_predicted : LessonMatch::differs;
    verdict.figure = std::move(figure);
    verdict.note = predicted ? std::move(as_predicted) : std::move(differs);
  }
  // No verdict from a figure measured over too short a time: says so instead.
  bool too_short(std::optional<double> measured_s, std::string figure) {
    if (!measured_s || *measured_s >= min_measured_s) return false;
    verdict.match = LessonMatch::too_short;
    verdict.figure = std::move(figure);
    verdict.note = fmt::format("Measured for {} per worker count so far: too short to judge (it takes {}). "
                               "Let the run finish, or run it longer.",
                               format_seconds(*measured_s), format_seconds(min_measured_s));
    return true;
  }
};

void judge_race(Judge& j) {
  const auto lost = j.value(figure::lost_updates);
  if (!lost) return;
  const std::string figure = fmt::format("Lost updates {}", group_thousands(static_cast<std::uint64_t>(std::max(*lost, 0.0))));
  if (j.fix) {
    j.judge(*lost == 0, figure, "With a Lock around each increment no update is lost.",
            "With the Lock no update should be lost: this is a bug, not the machine.");
  } else {
    j.judge(*lost > 0, figure, "Separate load and store let threads overwrite each other's increments.",
            "No update was lost this time: the threads rarely ran at the same moment (a busy machine, or "
            "one core free). The race is still there; run again.");
  }
}

void judge_contention(Judge& j) {
  const auto one = j.value(names::lock_wait_ms(1));
  int most = 0;
  for (int n = 2; n <= 64; ++n)
    if (j.value(names::lock_wait_ms(n))) most = n;
  if (!one || most == 0) return;
  const double many = *j.value(names::lock_wait_ms(most));
  const std::string figure = fmt::format("Lock wait with {} threads {}", most, format_ms(many));
  if (j.fix) {
    j.judge(many <= std::max(10.0 * *one, 1.0), figure,
            "Fine-grained: each thread holds the Lock only to add its result, so waits stay small.",
            "Waits grew even with the fine-grained Lock: other processes paused Lock holders. Run again "
            "on a quieter machine.");
  } else {
    j.judge(many > *one, figure, "One coarse Lock: the more threads, the longer each waits for it.",
            "Waits did not grow with threads this time: the machine ran the threads one after another "
            "(other processes on the cores). Run again.");
  }
}

void judge_deadlock(Judge& j) {
  const auto recovered = j.value(figure::recovered);
  if (!recovered) return;
  j.judge(*recovered == 1, *recovered == 1 ? "Recovered" : "Not recovered",
          j.fix ? "One global Lock order: no cycle can form." : "The watchdog found the cycle and breaking it freed every thread.",
          "A thread was left behind: this is a bug, not the machine.");
}

void judge_starvation(Judge& j) {
  const auto longest = j.value(figure::longest_lock_wait_ms);
  const auto bound = j.value(figure::fair_wait_bound_ms);
  if (!longest || !bound) return;
  const std::string figure = fmt::format("Longest wait for the Lock {}", format_ms(*longest));
  const std::string allowed = fmt::format("a fair Lock allows {}", format_ms(*bound));
  if (j.fix) {
    j.judge(*longest <= *bound, figure,
            fmt::format("The fair (fifo) Lock serves waiters in arrival order: no wait outlasts the holds ahead "
                        "of it ({}).", allowed),
            fmt::format("A wait outlasted the holds ahead of it ({}): a waiter woke late, or the machine paused "
                        "a thread between its turns. Run again.", allowed));
  } else {
    j.judge(*longest > *bound, figure,
            fmt::format("The barging Lock goes back to the greedy thread again and again: waiters wait far "
                        "longer than a fair Lock allows ({}).", allowed),
            fmt::format("No waiter waited longer than a fair Lock allows ({}) this time: the scheduler "
                        "paused the greedy thread often enough (other processes want the cores). The "
                        "unfairness is still there; run again.", allowed));
  }
}

void judge_one_core(Judge& j) {
  const auto speedup = j.value(figure::speedup);
  if (!speedup) return;
  const std::string figure = fmt::format("Speedup {:.2f}x", *speedup);
  if (j.too_short(j.value(figure::measured_s), figure)) return;
  const bool pinned = j.value(figure::pinned).value_or(j.fix ? 0 : 1) == 1;
  if (!j.fix && pinned) {
    j.judge(*speedup < 1.2, figure, "Pinned to one core, two workers take as long as one: threads share the core.",
            "Other processes share the pinned core, and the scheduler gives each thread its share: two "
            "threads win a bigger share of the core than one, so they finish sooner. That is not a "
            "speedup from the second core; on a quiet machine it stays near 1.");
  } else {
    j.judge(*speedup >= 1.2, figure, "On two cores, two workers finish in about half the time.",
            "Two workers did not go faster on two cores: other processes (or this window's own GL "
            "driver) were using the second core.");
  }
}

// Without the fix the GIL's scaling is the figure; with it (native threads
// only), the native scaling.
void judge_gil(Judge& j) {
  if (j.fix) {
    const auto native = j.value(names::scaling("native"));
    if (!native) return;
    const std::string figure = fmt::format("Native scaling {:.2f}x", *native);
    if (j.too_short(j.value("native_measured_s"), figure)) return;
    j.judge(*native >= 1.2, figure, "Native threads with no GIL compute at the same time, on both cores.",
            "Native threads scaled less than the lesson predicts: other processes were using a core.");
    return;
  }
  const auto gil = j.value(names::scaling("gil"));
  if (!gil) return;
  const std::string figure = fmt::format("Scaling under the GIL {:.2f}x", *gil);
  if (j.too_short(j.value("gil_measured_s"), figure)) return;
  j.judge(*gil < 1.2, figure, "Under the GIL only one thread computes at a time: a second one does not help.",
          "Under the GIL a second worker should not help: other processes slowed the one-worker run.");
}

}  // namespace

ImVec4 lesson_colour(LessonMatch match) {
  switch (match) {
    case LessonMatch::as_predicted: return colour_good();
    case LessonMatch::differs: return colour_warning();
    case LessonMatch::too_short: return colour_muted();
    case LessonMatch::pending: break;
  }
  return ImGui::GetStyleColorVec4(ImGuiCol_Text);
}

LessonVerdict judge_lesson(const ScenarioResult& result) {
  Judge j{result, result.fix, {}};
  switch (result.kind) {
    case ScenarioKind::race: judge_race(j); break;
    case ScenarioKind::contention: judge_contention(j); break;
    case ScenarioKind::deadlock: judge_deadlock(j); break;
    case ScenarioKind::starvation: judge_starvation(j); break;
    case ScenarioKind::one_core: judge_one_core(j); break;
    case ScenarioKind::gil: judge_gil(j); break;
  }
  return j.verdict;
}

}  // namespace threadlab::ui
