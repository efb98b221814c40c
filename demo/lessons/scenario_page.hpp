#pragma once
// What the Scenario panel's files share: the figures of each scenario
// (scenario_figures_view.cpp) and the deadlock's wait-for graph
// (wait_for_graph.cpp), drawn below the page's controls (scenario_panel.cpp).

#include "panels/panels.hpp"
#include "threadlab/diagnostics/deadlock_detector.hpp"
#include "threadlab/scenarios/scenario.hpp"

namespace threadlab::ui {

// The colour of a figure judged by judge_lesson: green as predicted, amber not.
ImVec4 lesson_colour(LessonMatch match);

// The figures of the scenario on the page, its way (a table, a comparison,
// the deadlock's graph and "Break deadlock" button, the threads' rows).
void draw_scenario_figures(const ScenarioSnapshot& snapshot, ScenarioRequests& requests);
// one_core and gil: the I/O-bound figures, below the CPU-bound ones, each
// half named for the part of the tutorial's claim it shows (io_half_view.cpp).
void draw_io_half(const ScenarioSnapshot& snapshot);
// Every figure by name, under a collapsed header.
void draw_all_figures(const ScenarioSnapshot& snapshot);

// The cycle as a wait-for graph: threads are boxes, Locks are circles; each
// thread "waits for" a Lock that is "held by" the next thread, round to the
// first.
void draw_wait_for_graph(const DeadlockCycle& cycle);

}  // namespace threadlab::ui
