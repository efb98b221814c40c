// Each scenario's figures as the Scenario page shows them; the figure names
// come from threadlab/scenario_figures.hpp, as the scenarios publish them.

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "widgets/format.hpp"
#include "scenario_page.hpp"
#include "threadlab/scenarios/figures.hpp"
#include "widgets/widgets.hpp"
#include "threadlab/scenarios/figure_names.hpp"

namespace threadlab::ui {

namespace {

namespace names = scenario_figures;

std::optional<double> figure(const ScenarioSnapshot& snapshot, const std::string& name) {
  return snapshot.current.figure(name);
}

std::string count_text(std::optional<double> value) {
  return value ? group_thousands(static_cast<std::uint64_t>(std::max(*value, 0.0))) : std::string("-");
}

std::string ratio_text(std::optional<double> value) { return value ? fmt::format("{:.2f}x", *value) : "-"; }

std::string ms_text(std::optional<double> value) { return value ? format_ms(*value) : std::string("-"); }

std::string seconds_text(std::optional<double> value) {
  return value ? format_seconds(*value) : std::string("-");
}

// A column wide enough from the first frame for what it will hold by the
// end: fixed-fit columns keep the width their first contents gave them.
float fixed_width(const char* widest) {
  return ImGui::CalcTextSize(widest).x + 2 * ImGui::GetStyle().CellPadding.x;
}

void draw_race(const ScenarioSnapshot& snapshot) {
  const auto expected = figure(snapshot, figure::expected);
  const auto actual = figure(snapshot, figure::actual);
  const auto lost = figure(snapshot, figure::lost_updates);
  label_value("Expected", count_text(expected),
              "Increments the threads performed: the count the counter should show.");
  label_value("Actual", count_text(actual), "What the shared counter holds.");
  const ImVec4 lost_colour = !lost ? colour_muted() : lesson_colour(judge_lesson(snapshot.current).match);
  const double lost_percent = figure(snapshot, figure::lost_update_percent).value_or(0);
  label_value(
      "Lost updates",
      lost ? fmt::format("{} ({})", count_text(lost), format_percent(lost_percent)) : std::string("-"),
      lost_colour, "Increments overwritten by another thread's stale write. Exact at round boundaries.");
  if (expected && actual && *expected > 0) labelled_bar(*actual / *expected, "actual / expected");
}

void draw_contention(const ScenarioSnapshot& snapshot) {
  std::vector<int> counts;
  for (int n = 1; n <= 64; ++n) {
    if (figure(snapshot, names::throughput_per_s(n))) counts.push_back(n);
  }
  if (counts.empty()) {
    note("Measuring the first thread count...");
    return;
  }
  if (!begin_figure_table("contention", 4, counts.size(), 8)) return;
  ImGui::TableSetupColumn("Threads");
  ImGui::TableSetupColumn("Throughput");
  ImGui::TableSetupColumn("Speedup");
  ImGui::TableSetupColumn("Lock wait (all threads)");
  ImGui::TableHeadersRow();
  for (const int n : counts) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    text(std::to_string(n));
    ImGui::TableNextColumn();
    text(format_rate(figure(snapshot, names::throughput_per_s(n)).value_or(0), "items"));
    ImGui::TableNextColumn();
    text(ratio_text(figure(snapshot, names::speedup(n))));
    ImGui::TableNextColumn();
    text(ms_text(figure(snapshot, names::lock_wait_ms(n))));
  }
  ImGui::EndTable();
}

void draw_deadlock(const ScenarioSnapshot& snapshot, ScenarioRequests& requests) {
  const auto& cycles = snapshot.current.cycles;
  if (snapshot.awaiting_break) {
    banner("Deadlocked: each thread waits for a Lock the other holds, and neither will ever let go.",
           colour_bad());
    if (ImGui::Button("Break deadlock")) requests.break_deadlock = true;
    ImGui::SameLine();
    help_marker(
        "Stops one thread of the cycle (the victim). Its blocked acquire is refused, so it releases "
        "the Lock it holds and ends; the other thread gets that Lock and carries on. No thread is "
        "killed: the process stays whole.");
  } else if (snapshot.running && cycles.empty() && !snapshot.current.fix) {
    note("The watchdog checks the wait-for graph every 50 ms...");
  }
  if (!cycles.empty() && !snapshot.awaiting_break) {
    text(snapshot.running ? "The deadlock the watchdog detected:"
                          : "The deadlock the watchdog detected (since broken):");
  }
  for (const auto& cycle : cycles) {
    ImGui::PushTextWrapPos(0.0f);
    text(cycle.describe());
    ImGui::PopTextWrapPos();
    draw_wait_for_graph(cycle);
  }
  if (const auto recovered = figure(snapshot, figure::recovered)) {
    label_value("Recovered", *recovered == 1 ? "yes" : "no", *recovered == 1 ? colour_good() : colour_bad(),
                "Every thread ended and was joined, and no cycle remains.");
    label_value("Threads left", count_text(figure(snapshot, figure::threads_left)));
  }
  if (const auto detection = figure(snapshot, figure::detection_ms))
    label_value("Detected after", format_ms(*detection));
}

void draw_thread_rows(const ScenarioSnapshot& snapshot, bool with_waits) {
  const auto& rows = snapshot.current.threads;
  if (rows.empty()) return;
  std::uint64_t total = 0;
  for (const auto& row : rows) total += row.acquisitions;
  const int columns = with_waits ? 7 : 4;
  if (!begin_figure_table("scenario-threads", columns, rows.size(), 8)) return;
  ImGui::TableSetupColumn("Thread", ImGuiTableColumnFlags_WidthFixed, fixed_width("takes-B-then-A"));
  ImGui::TableSetupColumn("Role", ImGuiTableColumnFlags_WidthFixed, fixed_width("incrementer"));
  ImGui::TableSetupColumn("Work done", ImGuiTableColumnFlags_WidthFixed, fixed_width("1,000,000"));
  ImGui::TableSetupColumn("Acquisitions", ImGuiTableColumnFlags_WidthFixed, fixed_width("100,000 (99.9 %)"));
  if (with_waits) {
    ImGui::TableSetupColumn("Total wait");
    ImGui::TableSetupColumn("Longest wait");
    ImGui::TableSetupColumn("Waiting now");
  }
  ImGui::TableHeadersRow();
  for (const auto& row : rows) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    text(row.name);
    ImGui::TableNextColumn();
    text(row.role);
    ImGui::TableNextColumn();
    text(group_thousands(row.work_done));
    ImGui::TableNextColumn();
    const bool starved = with_waits && row.role == "waiter" && row.acquisitions == 0 && snapshot.started;
    coloured_text(starved ? colour_bad() : ImGui::GetStyleColorVec4(ImGuiCol_Text),
                  total ? fmt::format("{} ({})", group_thousands(row.acquisitions),
                                      format_percent(100.0 * double(row.acquisitions) / double(total)))
                        : group_thousands(row.acquisitions));
    if (with_waits) {
      ImGui::TableNextColumn();
      text(format_ms(row.total_wait_ms));
      ImGui::TableNextColumn();
      text(format_ms(row.max_wait_ms));
      ImGui::TableNextColumn();
      text(row.current_wait_ms > 0 ? format_ms(row.current_wait_ms) : std::string("-"));
    }
  }
  ImGui::EndTable();
}

// The headline first: the longest wait for the Lock itself, which the fair
// Lock bounds; then what it leaves out and who got the Lock how fairly.
void draw_starvation(const ScenarioSnapshot& snapshot) {
  const auto longest = figure(snapshot, figure::longest_lock_wait_ms);
  label_value("Longest wait for the Lock", ms_text(longest),
              longest ? lesson_colour(judge_lesson(snapshot.current).match) : colour_muted(),
              "The longest a waiter waited for the Lock itself: each wait less the time the waiter was "
              "runnable but waiting for a core (its run-queue time, from /proc's schedstat), which no Lock "
              "can change and which a busy machine adds to every wait.\n\n"
              "A fair (fifo) Lock bounds it by the holds of the threads ahead in its queue; a barging Lock "
              "by nothing: the greedy thread can take the Lock back again and again.");
  label_value("Mean wait for the Lock", ms_text(figure(snapshot, figure::mean_lock_wait_ms)),
              "The waiters' waits for the Lock itself (waiting for a core left out), per acquisition. A fair "
              "Lock may make it longer on a busy machine: it hands the Lock to the next in line even while "
              "that thread waits for a core. What it removes is the long wait.");
  label_value("A fair Lock allows", ms_text(figure(snapshot, figure::fair_wait_bound_ms)),
              "The holds ahead of a waiter in a fair Lock's queue: (threads - 1) x the longest hold, plus "
              "1 ms for the hand-off's wake-up.");
  label_value("Waiting for a core (not counted)", ms_text(figure(snapshot, figure::waiters_core_wait_ms)),
              "All the waiters' run-queue time inside their waits: with 4 threads on 2 cores, a thread "
              "the Lock was handed to may still wait for a core. The thread table's waits include it.");
  const auto jain = figure(snapshot, figure::waiter_fairness_jain);
  label_value("Fairness among the waiters", jain ? fmt::format("{:.2f} (Jain's index, 1 = equal turns)", *jain) : "-",
              "Jain's index of the waiters' acquisitions: (sum x)^2 / (n sum x^2). 1 when every waiter got "
              "as many turns as the others, 1/n when one got them all.");
}

void draw_one_core(const ScenarioSnapshot& snapshot) {
  const auto pinned = figure(snapshot, figure::pinned);
  if (pinned) {
    label_value("Process", *pinned == 1
                               ? fmt::format("pinned to core {}", figure(snapshot, figure::cpu).value_or(0))
                               : std::string("on every core"));
  }
  int many = 2;
  for (int n = 2; n <= 64; ++n) {
    if (figure(snapshot, names::seconds(n))) many = n;
  }
  label_value("1 worker", seconds_text(figure(snapshot, names::seconds(1))));
  label_value(fmt::format("{} workers", many),
              seconds_text(figure(snapshot, names::seconds(many))));
  const auto speedup = figure(snapshot, figure::speedup);
  label_value("Speedup", ratio_text(speedup),
              speedup ? lesson_colour(judge_lesson(snapshot.current).match) : colour_muted(),
              "Time with 1 worker divided by time with several. Pinned to one core it stays near 1, or "
              "below; with the fix (two cores) it nears 2. Green: as the lesson predicts; amber: the "
              "machine moved it (see the note).");
  if (const auto measured = figure(snapshot, figure::measured_s)) {
    label_value("Measured", fmt::format("{} runs of each, {} in all per worker count so far",
                                        count_text(figure(snapshot, figure::runs_each)), format_seconds(*measured)),
                "The times above are the mean of one run each; runs alternate 1, 2, 2, 1 workers so that a "
                "busy spell of the machine hits both alike. A verdict needs half a second of each.");
  } else if (snapshot.running) {
    note("Timing the first runs of 1 and 2 workers...");
  }
  const auto switches_one = figure(snapshot, names::involuntary_switches(1));
  const auto switches_many = figure(snapshot, names::involuntary_switches(many));
  label_value(
      "Context switches",
      fmt::format("{} with 1 worker, {} with {}", count_text(switches_one), count_text(switches_many), many),
      "Involuntary switches: the scheduler took the core away from a running thread.");
}

void draw_gil(const ScenarioSnapshot& snapshot) {
  int many = 2;
  for (int n = 2; n <= 64; ++n) {
    if (figure(snapshot, names::throughput_per_s("native", n))) many = n;
  }
  if (!begin_figure_table("gil", 4, 2, 2)) return;
  const float rate_width = fixed_width("1,000,000 chunks/s");
  ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, fixed_width("Native threads"));
  ImGui::TableSetupColumn("1 worker", ImGuiTableColumnFlags_WidthFixed, rate_width);
  ImGui::TableSetupColumn(fmt::format("{} workers", many).c_str(), ImGuiTableColumnFlags_WidthFixed,
                          rate_width);
  ImGui::TableSetupColumn("Scaling", ImGuiTableColumnFlags_WidthFixed, fixed_width("Scaling"));
  ImGui::TableHeadersRow();
  for (const char* variant : {"gil", "native"}) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    text(std::string(variant) == "gil" ? "Under the GIL" : "Native threads");
    ImGui::TableNextColumn();
    const auto one = figure(snapshot, names::throughput_per_s(variant, 1));
    text(one ? format_rate(*one, "chunks") : std::string("-"));
    ImGui::TableNextColumn();
    const auto several = figure(snapshot, names::throughput_per_s(variant, many));
    text(several ? format_rate(*several, "chunks") : std::string("-"));
    ImGui::TableNextColumn();
    text(ratio_text(figure(snapshot, names::scaling(variant))));
  }
  ImGui::EndTable();
  if (const auto measured = figure(snapshot, snapshot.current.fix ? "native_measured_s" : "gil_measured_s")) {
    label_value("Measured", fmt::format("{} per worker count so far", format_seconds(*measured)),
                "Slices alternate 1, 2, 2, 1 workers so that a busy spell of the machine hits both alike. A "
                "verdict needs half a second of each.");
  } else if (snapshot.running) {
    note("Timing the first slices of 1 and 2 workers...");
  }
  if (const auto switches = figure(snapshot, figure::gil_forced_switches)) {
    label_value(
        "Forced switches", count_text(switches),
        "Times a holder handed the GIL over because another thread had waited a whole switch interval.");
  }
}

}  // namespace

void draw_scenario_figures(const ScenarioSnapshot& snapshot, ScenarioRequests& requests) {
  switch (snapshot.current.kind) {
    case ScenarioKind::race:
      draw_race(snapshot);
      draw_thread_rows(snapshot, false);
      break;
    case ScenarioKind::contention: draw_contention(snapshot); break;
    case ScenarioKind::deadlock:
      draw_deadlock(snapshot, requests);
      draw_thread_rows(snapshot, false);
      break;
    case ScenarioKind::starvation:
      draw_starvation(snapshot);
      draw_thread_rows(snapshot, true);
      break;
    case ScenarioKind::one_core:
      draw_one_core(snapshot);
      draw_io_half(snapshot);
      break;
    case ScenarioKind::gil:
      draw_gil(snapshot);
      draw_io_half(snapshot);
      draw_thread_rows(snapshot, true);
      break;
  }
}

void draw_all_figures(const ScenarioSnapshot& snapshot) {
  const auto& figures = snapshot.current.figures;
  if (figures.empty() || !ImGui::CollapsingHeader("All figures")) return;
  if (!begin_figure_table("scenario-figures", 2, figures.size(), 12)) return;
  ImGui::TableSetupColumn("Figure");
  ImGui::TableSetupColumn("Value");
  ImGui::TableHeadersRow();
  for (const auto& [name, value] : figures) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    text(name);
    ImGui::TableNextColumn();
    text(value == std::floor(value) && std::abs(value) < 1e15 ? fmt::format("{:.0f}", value)
                                                              : fmt::format("{:.3f}", value));
  }
  ImGui::EndTable();
}

}  // namespace threadlab::ui
