// Scenario: one of "the tutorial's cons" (race, contention, deadlock,
// starvation, one core, GIL) as a page: what happens and why, the fix
// toggle, and the figures that show it; for a deadlock, the cycle drawn as a
// wait-for graph, and the action that breaks it.

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "format.hpp"
#include "panel_window.hpp"
#include "panels.hpp"
#include "threadlab/scenario.hpp"
#include "widgets.hpp"

namespace threadlab::ui {

namespace {

constexpr float pi = 3.14159265358979f;

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

std::string workers_suffix(int n) { return std::to_string(n) + (n == 1 ? "_worker" : "_workers"); }
std::string threads_suffix(int n) { return std::to_string(n) + (n == 1 ? "_thread" : "_threads"); }

ImVec4 lesson_colour(LessonMatch match) {
  switch (match) {
    case LessonMatch::as_predicted: return colour_good();
    case LessonMatch::differs: return colour_warning();
    case LessonMatch::pending: break;
  }
  return ImGui::GetStyleColorVec4(ImGuiCol_Text);
}

// The verdict under the controls: the key figure, coloured by the lesson.
void draw_verdict(const ScenarioResult& result) {
  const LessonVerdict verdict = judge_lesson(result);
  if (verdict.match == LessonMatch::pending) return;
  ImGui::PushTextWrapPos(0.0f);
  coloured_text(lesson_colour(verdict.match),
                fmt::format("{}: {}", verdict.figure, verdict.match == LessonMatch::as_predicted ? "as the lesson predicts" : "not what the lesson predicts"));
  ImGui::SameLine();
  help_marker("Green: the figure shows what this page teaches (with the fix: that the fix works). Amber: "
              "the machine moved it, as the note says; run again on a quieter machine to see the lesson.");
  note(verdict.note);
  ImGui::PopTextWrapPos();
}

// The run's state, the buttons that change it, and the fix toggle.
void draw_run_controls(const ScenarioSnapshot& snapshot, const ScenarioInfo& info,
                       ScenarioRequests& requests) {
  bool fix = snapshot.current.fix;
  if (ImGui::Checkbox("Apply the fix", &fix)) requests.fix = fix;
  ImGui::SameLine();
  help_marker(info.fix);
  ImGui::SameLine();
  if (snapshot.running) {
    if (ImGui::Button("Stop")) requests.stop = true;
  } else if (ImGui::Button(snapshot.started ? "Run again" : "Run")) {
    requests.run = true;
  }

  if (!snapshot.error.empty()) {
    coloured_text(colour_bad(), "Failed: " + snapshot.error);
  } else if (snapshot.started) {
    labelled_bar(snapshot.progress,
                 fmt::format("{} ({})", snapshot.phase, format_seconds(snapshot.elapsed_seconds)));
  } else {
    note(fmt::format("Not started. Threads: {}.", info.default_threads));
  }
}

void draw_race(const ScenarioSnapshot& snapshot) {
  const auto expected = figure(snapshot, "expected");
  const auto actual = figure(snapshot, "actual");
  const auto lost = figure(snapshot, "lost_updates");
  label_value("Expected", count_text(expected),
              "Increments the threads performed: the count the counter should show.");
  label_value("Actual", count_text(actual), "What the shared counter holds.");
  const ImVec4 lost_colour = !lost ? colour_muted() : lesson_colour(judge_lesson(snapshot.current).match);
  const double lost_percent = figure(snapshot, "lost_update_percent").value_or(0);
  label_value(
      "Lost updates",
      lost ? fmt::format("{} ({})", count_text(lost), format_percent(lost_percent)) : std::string("-"),
      lost_colour, "Increments overwritten by another thread's stale write. Exact at round boundaries.");
  if (expected && actual && *expected > 0) labelled_bar(*actual / *expected, "actual / expected");
}

void draw_contention(const ScenarioSnapshot& snapshot) {
  std::vector<int> counts;
  for (int n = 1; n <= 64; ++n) {
    if (figure(snapshot, "throughput_" + threads_suffix(n) + "_per_s")) counts.push_back(n);
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
    text(format_rate(figure(snapshot, "throughput_" + threads_suffix(n) + "_per_s").value_or(0), "items"));
    ImGui::TableNextColumn();
    text(ratio_text(figure(snapshot, "speedup_" + threads_suffix(n))));
    ImGui::TableNextColumn();
    text(ms_text(figure(snapshot, "lock_wait_ms_" + threads_suffix(n))));
  }
  ImGui::EndTable();
}

// Where a segment from a node's centre towards `towards` leaves the node: a
// box of half-size `half` or a circle of radius half.x.
ImVec2 node_edge(ImVec2 centre, ImVec2 towards, ImVec2 half, bool circle) {
  const float dx = towards.x - centre.x, dy = towards.y - centre.y;
  const float length = std::max(std::sqrt(dx * dx + dy * dy), 1.0f);
  float t;
  if (circle) {
    t = half.x / length;
  } else {
    const float tx = std::abs(dx) > 0.01f ? half.x / std::abs(dx) : 1e6f;
    const float ty = std::abs(dy) > 0.01f ? half.y / std::abs(dy) : 1e6f;
    t = std::min(tx, ty);
  }
  return ImVec2(centre.x + dx * t, centre.y + dy * t);
}

void draw_arrow(ImDrawList* draw, ImVec2 from, ImVec2 to, ImU32 colour, const char* label) {
  const float dx = to.x - from.x, dy = to.y - from.y;
  const float length = std::max(std::sqrt(dx * dx + dy * dy), 1.0f);
  const ImVec2 unit(dx / length, dy / length);
  const ImVec2 normal(-unit.y, unit.x);
  const float head = 9.0f;
  const ImVec2 base(to.x - unit.x * head, to.y - unit.y * head);
  draw->AddLine(from, base, colour, 2.0f);
  draw->AddTriangleFilled(to, ImVec2(base.x + normal.x * head * 0.5f, base.y + normal.y * head * 0.5f),
                          ImVec2(base.x - normal.x * head * 0.5f, base.y - normal.y * head * 0.5f), colour);
  // Beside the line, far enough along the normal that the text clears it.
  const ImVec2 size = ImGui::CalcTextSize(label);
  const float clearance = std::abs(normal.x) * size.x / 2 + std::abs(normal.y) * size.y / 2 + 4.0f;
  const ImVec2 middle((from.x + to.x) / 2 + normal.x * clearance, (from.y + to.y) / 2 + normal.y * clearance);
  draw->AddText(ImVec2(middle.x - size.x / 2, middle.y - size.y / 2), colour, label);
}

// The cycle as a wait-for graph: threads are boxes, Locks are circles; each
// thread "waits for" a Lock that is "held by" the next thread, round to the
// first.
void draw_cycle_graph(const DeadlockCycle& cycle) {
  const std::size_t links = cycle.links.size();
  if (links == 0) return;
  const float width = remaining_width();
  // The whole cycle in view: leave room below for the thread table and notes.
  const float room_below = 7 * ImGui::GetTextLineHeightWithSpacing();
  const float height = std::clamp(std::min(width * 0.6f, ImGui::GetContentRegionAvail().y - room_below), 150.0f, 320.0f);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(width, height));
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 centre(origin.x + width / 2, origin.y + height / 2);
  const float pad = ImGui::GetStyle().FramePadding.x * 2;

  struct Node {
    std::string label;
    bool lock;
    ImVec2 position;
    ImVec2 half;
  };
  std::vector<Node> nodes;  // thread 0, its awaited Lock, thread 1, ...
  const std::size_t count = 2 * links;
  float widest = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const DeadlockLink& link = cycle.links[i / 2];
    Node node;
    node.lock = i % 2 == 1;
    node.label = node.lock ? link.waits_for.name : link.thread_name;
    const ImVec2 text_size = ImGui::CalcTextSize(node.label.c_str());
    node.half = node.lock ? ImVec2(std::max({text_size.x, text_size.y, ImGui::GetFontSize()}) / 2 + pad, 0)
                          : ImVec2(text_size.x / 2 + pad, text_size.y / 2 + pad);
    if (node.lock) node.half.y = node.half.x;
    widest = std::max(widest, node.half.x);
    nodes.push_back(std::move(node));
  }
  const float radius_x = std::max(width / 2 - widest - 4.0f, 20.0f);
  const float radius_y = std::max(height / 2 - 24.0f, 20.0f);
  for (std::size_t i = 0; i < count; ++i) {
    const float angle = pi + 2 * pi * float(i) / float(count);  // the first thread on the left, clockwise
    nodes[i].position = ImVec2(centre.x + radius_x * std::cos(angle), centre.y + radius_y * std::sin(angle));
  }

  const ImU32 waits_colour = packed(colour_bad());
  const ImU32 held_colour = packed(colour_good());
  for (std::size_t i = 0; i < count; ++i) {
    const Node& from = nodes[i];
    const Node& to = nodes[(i + 1) % count];
    const ImVec2 start = node_edge(from.position, to.position, from.half, from.lock);
    const ImVec2 end = node_edge(to.position, from.position, to.half, to.lock);
    draw_arrow(draw, start, end, from.lock ? held_colour : waits_colour, from.lock ? "held by" : "waits for");
  }
  const ImU32 text_colour = ImGui::GetColorU32(ImGuiCol_Text);
  for (const Node& node : nodes) {
    const ImVec2 text_size = ImGui::CalcTextSize(node.label.c_str());
    if (node.lock) {
      draw->AddCircleFilled(node.position, node.half.x, packed(colour_warning(), 0.25f));
      draw->AddCircle(node.position, node.half.x, packed(colour_warning()), 0, 2.0f);
    } else {
      const ImVec2 top_left(node.position.x - node.half.x, node.position.y - node.half.y);
      const ImVec2 bottom_right(node.position.x + node.half.x, node.position.y + node.half.y);
      draw->AddRectFilled(top_left, bottom_right, ImGui::GetColorU32(ImGuiCol_FrameBg), 4.0f);
      draw->AddRect(top_left, bottom_right, ImGui::GetColorU32(ImGuiCol_Border), 4.0f, 0, 2.0f);
    }
    draw->AddText(ImVec2(node.position.x - text_size.x / 2, node.position.y - text_size.y / 2), text_colour,
                  node.label.c_str());
  }
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
    draw_cycle_graph(cycle);
  }
  if (const auto recovered = figure(snapshot, "recovered")) {
    label_value("Recovered", *recovered == 1 ? "yes" : "no", *recovered == 1 ? colour_good() : colour_bad(),
                "Every thread ended and was joined, and no cycle remains.");
    label_value("Threads left", count_text(figure(snapshot, "threads_left")));
  }
  if (const auto detection = figure(snapshot, "detection_ms"))
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

void draw_one_core(const ScenarioSnapshot& snapshot) {
  const auto pinned = figure(snapshot, "pinned");
  if (pinned) {
    label_value("Process", *pinned == 1
                               ? fmt::format("pinned to core {}", figure(snapshot, "cpu").value_or(0))
                               : std::string("on every core"));
  }
  int many = 2;
  for (int n = 2; n <= 64; ++n) {
    if (figure(snapshot, "seconds_" + workers_suffix(n))) many = n;
  }
  label_value("1 worker", seconds_text(figure(snapshot, "seconds_1_worker")));
  label_value(fmt::format("{} workers", many),
              seconds_text(figure(snapshot, "seconds_" + workers_suffix(many))));
  const auto speedup = figure(snapshot, "speedup");
  label_value("Speedup", ratio_text(speedup),
              speedup ? lesson_colour(judge_lesson(snapshot.current).match) : colour_muted(),
              "Time with 1 worker divided by time with several. Pinned to one core it stays near 1, or "
              "below; with the fix (two cores) it nears 2. Green: as the lesson predicts; amber: the "
              "machine moved it (see the note).");
  const auto switches_one = figure(snapshot, "involuntary_switches_1_worker");
  const auto switches_many = figure(snapshot, "involuntary_switches_" + workers_suffix(many));
  label_value(
      "Context switches",
      fmt::format("{} with 1 worker, {} with {}", count_text(switches_one), count_text(switches_many), many),
      "Involuntary switches: the scheduler took the core away from a running thread.");
}

void draw_gil(const ScenarioSnapshot& snapshot) {
  int many = 2;
  for (int n = 2; n <= 64; ++n) {
    if (figure(snapshot, "throughput_native_" + workers_suffix(n) + "_per_s")) many = n;
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
    const std::string prefix = std::string("throughput_") + variant + "_";
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    text(std::string(variant) == "gil" ? "Under the GIL" : "Native threads");
    ImGui::TableNextColumn();
    const auto one = figure(snapshot, prefix + workers_suffix(1) + "_per_s");
    text(one ? format_rate(*one, "chunks") : std::string("-"));
    ImGui::TableNextColumn();
    const auto several = figure(snapshot, prefix + workers_suffix(many) + "_per_s");
    text(several ? format_rate(*several, "chunks") : std::string("-"));
    ImGui::TableNextColumn();
    text(ratio_text(figure(snapshot, std::string(variant) + "_scaling")));
  }
  ImGui::EndTable();
  if (const auto switches = figure(snapshot, "gil_forced_switches")) {
    label_value(
        "Forced switches", count_text(switches),
        "Times a holder handed the GIL over because another thread had waited a whole switch interval.");
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

}  // namespace

LessonVerdict judge_lesson(const ScenarioResult& result) {
  const auto value = [&](const std::string& name) { return result.figure(name); };
  const bool fix = result.fix;
  LessonVerdict verdict;
  const auto judge = [&](bool predicted, std::string figure, std::string as_predicted, std::string differs) {
    verdict.match = predicted ? LessonMatch::as_predicted : LessonMatch::differs;
    verdict.figure = std::move(figure);
    verdict.note = predicted ? std::move(as_predicted) : std::move(differs);
  };
  switch (result.kind) {
    case ScenarioKind::race: {
      const auto lost = value("lost_updates");
      if (!lost) break;
      const std::string figure = fmt::format("Lost updates {}", group_thousands(static_cast<std::uint64_t>(std::max(*lost, 0.0))));
      if (fix) {
        judge(*lost == 0, figure, "With a Lock around each increment no update is lost.",
              "With the Lock no update should be lost: this is a bug, not the machine.");
      } else {
        judge(*lost > 0, figure, "Separate load and store let threads overwrite each other's increments.",
              "No update was lost this time: the threads rarely ran at the same moment (a busy machine, or "
              "one core free). The race is still there; run again.");
      }
      break;
    }
    case ScenarioKind::contention: {
      const auto one = value("lock_wait_ms_1_thread");
      int most = 0;
      for (int n = 2; n <= 64; ++n)
        if (value("lock_wait_ms_" + std::to_string(n) + "_threads")) most = n;
      if (!one || most == 0) break;
      const double many = *value("lock_wait_ms_" + std::to_string(most) + "_threads");
      const std::string figure = fmt::format("Lock wait with {} threads {}", most, format_ms(many));
      if (fix) {
        judge(many <= std::max(10.0 * *one, 1.0), figure,
              "Fine-grained: each thread holds the Lock only to add its result, so waits stay small.",
              "Waits grew even with the fine-grained Lock: other processes paused Lock holders. Run again "
              "on a quieter machine.");
      } else {
        judge(many > *one, figure, "One coarse Lock: the more threads, the longer each waits for it.",
              "Waits did not grow with threads this time: the machine ran the threads one after another "
              "(other processes on the cores). Run again.");
      }
      break;
    }
    case ScenarioKind::deadlock: {
      const auto recovered = value("recovered");
      if (!recovered) break;
      judge(*recovered == 1, *recovered == 1 ? "Recovered" : "Not recovered",
            fix ? "One global Lock order: no cycle can form." : "The watchdog found the cycle and breaking it freed every thread.",
            "A thread was left behind: this is a bug, not the machine.");
      break;
    }
    case ScenarioKind::starvation: {
      const auto fewest = value("min_waiter_acquisitions");
      if (!fewest) break;
      const std::string figure =
          fmt::format("Fewest acquisitions by a waiter {}", group_thousands(static_cast<std::uint64_t>(*fewest)));
      const double share = value("greedy_share_percent").value_or(0);
      if (fix) {
        judge(*fewest >= 1, figure, "A fair (fifo) Lock serves waiters in arrival order: every waiter gets it.",
              "A waiter never got the fair Lock: this is a bug, not the machine.");
      } else {
        judge(*fewest == 0 || share >= 90.0, figure,
              "The greedy thread re-acquires the Lock at once and the waiters rarely, if ever, get it.",
              "The waiters got the Lock fairly often this time: the scheduler paused the greedy thread "
              "(other processes want the cores). The unfairness is still there; run again.");
      }
      break;
    }
    case ScenarioKind::one_core: {
      const auto speedup = value("speedup");
      if (!speedup) break;
      const std::string figure = fmt::format("Speedup {:.2f}x", *speedup);
      const bool pinned = value("pinned").value_or(fix ? 0 : 1) == 1;
      if (!fix && pinned) {
        judge(*speedup < 1.2, figure, "Pinned to one core, two workers take as long as one: threads share the core.",
              "Other processes share the pinned core, and the scheduler gives each thread its share: two "
              "threads win a bigger share of the core than one, so they finish sooner. That is not a "
              "speedup from the second core; on a quiet machine it stays near 1.");
      } else {
        judge(*speedup >= 1.2, figure, "On two cores, two workers finish in about half the time.",
              "Two workers did not go faster on two cores: other processes (or this window's own GL "
              "driver) were using the second core.");
      }
      break;
    }
    case ScenarioKind::gil: {
      const auto gil = value("gil_scaling");
      if (!gil) break;
      const std::string figure = fmt::format("Scaling under the GIL {:.2f}x", *gil);
      judge(*gil < 1.2, figure, "Under the GIL only one thread computes at a time: a second one does not help.",
            "Under the GIL a second worker should not help: other processes slowed the one-worker run.");
      if (fix) {
        if (const auto native = value("native_scaling")) {
          judge(*native >= 1.2, fmt::format("Native scaling {:.2f}x", *native),
                "Native threads with no GIL compute at the same time, on both cores.",
                "Native threads scaled less than the lesson predicts: other processes were using a core.");
        }
      }
      break;
    }
  }
  return verdict;
}

ScenarioRequests draw_scenario_panel(const ScenarioSnapshot& snapshot) {
  ScenarioRequests requests;
  const PanelWindow window(Panel::scenario);
  if (!window.visible()) return requests;

  const ScenarioInfo& info = scenario_info(snapshot.current.kind);
  text(info.title);
  panel_intro(info.explanation, info.fix);
  draw_run_controls(snapshot, info, requests);
  draw_verdict(snapshot.current);
  ImGui::Separator();

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
    case ScenarioKind::starvation: draw_thread_rows(snapshot, true); break;
    case ScenarioKind::one_core: draw_one_core(snapshot); break;
    case ScenarioKind::gil:
      draw_gil(snapshot);
      draw_thread_rows(snapshot, true);
      break;
  }
  for (const auto& line : snapshot.current.notes) note(line);
  draw_all_figures(snapshot);
  return requests;
}

}  // namespace threadlab::ui
