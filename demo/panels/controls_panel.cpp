// Controls: which thread does the work, on what, with how many workers; and
// how the current job is going.

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "widgets/format.hpp"
#include "layout/panel_window.hpp"
#include "panels.hpp"
#include "widgets/widgets.hpp"

namespace threadlab::ui {

namespace {


bool job_running(const JobProgress& job) { return job.items_total > 0 && !job.finished && !job.cancelled; }

void draw_page(const ControlsFigures& figures, ControlRequests& requests) {
  const Page current = figures.page;
  // Short in the box, whole in the list.
  const auto short_label = [](const Page& page) {
    if (page.stepper) return std::string("Step through");
    return page.scenario ? fmt::format("Scenario: {}", scenario_info(*page.scenario).name)
                         : std::string("Responsiveness");
  };
  const auto label = [](const Page& page) {
    if (page.stepper) return std::string("Step through: you are the scheduler (race, deadlock)");
    return page.scenario ? fmt::format("Scenario: {}", scenario_info(*page.scenario).title)
                         : std::string("Responsiveness: the job, single vs multi");
  };
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 11.5f);
  if (ImGui::BeginCombo("Page", short_label(current).c_str())) {
    std::vector<Page> pages{Page{}};
    for (const ScenarioKind kind : all_scenario_kinds) pages.push_back(Page{kind});
    pages.push_back(Page{std::nullopt, true});
    for (const Page& page : pages) {
      if (ImGui::Selectable(label(page).c_str(), page == current) && page != current) requests.page = page;
    }
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  help_marker(
      "Responsiveness: one CPU-heavy job, run by the render thread or by worker threads.\n\n"
      "The scenarios show what threads cost, as the tutorial lists it: a race, Lock contention, "
      "a deadlock, starvation, one core, and a GIL. Each has a fix to try. While a scenario "
      "runs the job is paused, so the scenario's threads have the cores; the Threads, Locks "
      "and CPU panels show them.\n\n"
      "Step through: you are the scheduler. The race and the deadlock, one statement at a time, on real "
      "threads, in the order you choose.");
}

void draw_mode_banner(const ControlsFigures& figures) {
  if (figures.mode == Mode::single_thread) {
    banner("Single-thread: the render thread does the work; the window freezes until it is done.",
           colour_warning());
  } else {
    const std::string workers =
        figures.worker_count > 0
            ? format_count(static_cast<std::uint64_t>(figures.worker_count), "worker threads")
            : std::string("worker threads");
    banner(fmt::format("Multi-thread: {} do the work; the render thread only draws.", workers),
           colour_good());
  }
}

void draw_mode(const ControlsFigures& figures, ControlRequests& requests) {
  const int selected = figures.mode == Mode::single_thread ? 0 : 1;
  if (const auto clicked = segmented_choice("mode", {"Single-thread", "Multi-thread"}, selected)) {
    requests.mode = *clicked == 0 ? Mode::single_thread : Mode::multi_thread;
  }
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  text("Mode (M)");
  ImGui::SameLine();
  help_marker(
      "Single-thread: the job runs inside the render loop, as a naive program would call "
      "work() directly. No frame is drawn until it returns.\n\n"
      "Multi-thread: the job runs on worker threads, as with "
      "threading.Thread(target=work).start(). The render thread keeps drawing.\n\n"
      "Press M to switch.");
}

void draw_workload(const ControlsFigures& figures, ControlRequests& requests) {
  static const char* const names[] = {"Mandelbrot", "Primes", "I/O: fetch files"};
  static const WorkloadKind kinds[] = {WorkloadKind::mandelbrot, WorkloadKind::primes, WorkloadKind::io};
  int current = static_cast<int>(figures.workload);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 11.5f);
  if (ImGui::Combo("Workload", &current, names, IM_ARRAYSIZE(names))) {
    const WorkloadKind chosen = kinds[current];
    if (chosen != figures.workload) requests.workload = chosen;
  }
  ImGui::SameLine();
  help_marker(
      "Mandelbrot: an image split into tiles; each tile is one work item.\n"
      "Primes: counting primes with a sieve, segment by segment; each segment is one work item.\n"
      "I/O: fetching files from a small server on 127.0.0.1; each file is one work item, and the "
      "thread that fetches it waits in recv() until its bytes arrive.\n\n"
      "Mandelbrot and primes are CPU-bound: threads help because C++ has no GIL, so N threads really "
      "run on N cores at once. I/O is input-bound: a thread waiting for input needs no core, so "
      "threads help even on one core and under a GIL.");
}

// The workers' priority; for paced workers, the combo shows the share of
// their time the pacer lets them work now.
void draw_priority(const ControlsFigures& figures, ControlRequests& requests) {
  static const char* const names[] = {"Paced", "Normal", "Lower (nice +10)", "Idle (SCHED_IDLE)"};
  static const WorkerPriority priorities[] = {WorkerPriority::paced, WorkerPriority::normal, WorkerPriority::lower,
                                              WorkerPriority::idle};
  const auto current = std::find(std::begin(priorities), std::end(priorities), figures.priority) - std::begin(priorities);
  const double share = std::clamp(figures.workers_work_share, 0.0, 1.0);
  const std::string preview = figures.priority == WorkerPriority::paced && figures.mode == Mode::multi_thread
                                  ? fmt::format("Paced, working {:.0f} %", 100.0 * share)
                                  : std::string(names[current % std::size(names)]);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 11.5f);
  if (ImGui::BeginCombo("Priority", preview.c_str())) {
    for (std::size_t i = 0; i < std::size(names); ++i) {
      if (ImGui::Selectable(names[i], i == std::size_t(current)) && priorities[i] != figures.priority) {
        requests.priority = priorities[i];
      }
    }
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  help_marker(
      "How the workers ask the scheduler to treat them.\n\n"
      "Paced (default): normal priority, the render thread's own, so both modes race evenly. The "
      "window reports every frame: while a fifth of a second of frames has a median over 20 ms, "
      "the workers' share of time halves (down to 25 %), and each fifth of a second on time gives "
      "back a fifth; the combo shows the share now. On a quiet machine it stays at 100 %.\n"
      "Normal: like any thread. On a busy machine frames then slow down.\n"
      "Lower: nice +10, a smaller share of a core that others want too.\n"
      "Idle: SCHED_IDLE, only the CPU time nothing else wants: smooth, but beside another busy "
      "program the workers get almost nothing.\n\n"
      "I/O workers always run at normal priority, as a Python thread would: each needs a core "
      "only for a moment after a read, and at idle it would wait behind every other thread.");
}

void draw_workers(const ControlsFigures& figures, ControlRequests& requests) {
  const int cores = figures.cores;
  const bool single = figures.mode == Mode::single_thread;
  ImGui::BeginDisabled(single);

  const int most = max_workers(figures.workload, cores);
  int workers = std::clamp(figures.worker_count, 1, most);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 11.5f);
  if (ImGui::SliderInt("Workers", &workers, 1, most, workers == 1 ? "%d thread" : "%d threads",
                       ImGuiSliderFlags_AlwaysClamp) &&
      workers != figures.worker_count) {
    requests.workers = workers;
  }
  ImGui::SameLine();
  help_marker(
      "How many worker Threads share the job (1 to twice the number of cores; I/O: 1 to 32, "
      "default 8). More CPU-bound workers than cores do not run faster: they take turns on the "
      "same cores. Threads waiting for input need no core, so more of them fetch more at once.\n\n"
      "Used in multi-thread mode only.");
  draw_priority(figures, requests);
  ImGui::EndDisabled();
}

void draw_actions(const ControlsFigures& figures, ControlRequests& requests) {
  const bool running = figures.job.running;
  if (ImGui::Button(running ? "Restart" : "Start")) requests.start = true;
  ImGui::SameLine();
  ImGui::BeginDisabled(!running);
  if (ImGui::Button("Cancel")) requests.cancel = true;
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(figures.workload != WorkloadKind::mandelbrot);
  if (ImGui::Button("Reset view")) requests.reset_view = true;
  ImGui::EndDisabled();
  ImGui::SameLine();
  help_marker(
      "Start runs the job; Cancel asks every worker to stop after its current item "
      "(cooperative cancellation, like setting a threading.Event the workers check).\n\n"
      "In single-thread mode you cannot press Cancel while the job runs: the window is "
      "frozen. That is the point.\n\n"
      "Reset view returns the Mandelbrot image to its first view.");
}

void draw_capture_actions(const ControlsFigures& figures, ControlRequests& requests) {
  if (ImGui::Button("Screenshot")) requests.screenshot = true;
  ImGui::SameLine();
  ImGui::BeginDisabled(figures.page != Page{});
  if (ImGui::Button("Compare modes")) requests.compare = true;
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button("Trace")) requests.save_trace = true;
  ImGui::SameLine();
  help_marker(
      "Screenshot saves the window as a PNG (also F12). A still picture still shows a "
      "freeze: the heartbeat clock and frame counter stop.\n\n"
      "Compare modes runs the same job once in each mode (4 s each, with a progress bar) and "
      "writes both screenshots, a side-by-side picture, a filmstrip, a report and a trace of "
      "each run next to the screenshots.\n\n"
      "Trace saves what every thread did in the last 30 s as a .trace.json next to the "
      "screenshots (also T): each thread's states, Lock waits with an arrow from the thread that "
      "let the Lock go, the frames, per-core load. Drag it into ui.perfetto.dev (read in the "
      "browser, not uploaded) or chrome://tracing.");
}

}  // namespace

std::string next_job_text(const ControlsFigures& figures) {
  if (figures.workload == WorkloadKind::primes) return "the same count again";
  if (!figures.job.next_view) return "the next zoom step";
  return fmt::format("the next zoom step, {:.3g} wide",
                     figures.job.next_view->scale * static_cast<double>(figures.image_width));
}

std::string between_jobs_text(const ControlsFigures& figures) {
  const double froze_ms = figures.job.last_freeze ? figures.job.last_freeze->ms
                          : figures.job.ended_job_seconds ? 1000.0 * *figures.job.ended_job_seconds
                                               : 0.0;
  return fmt::format("The last job froze the window for {}; the next starts now: {}.",
                     format_seconds(froze_ms / 1000.0), next_job_text(figures));
}

namespace {

std::string job_state(const ControlsFigures& figures) {
  const JobProgress& job = figures.job.progress;
  if (figures.job.next_job_due) return "finished; the next starts now";
  if (job_running(job)) return "running";
  if (job.finished) return "finished";
  if (job.cancelled) return "cancelled";
  return figures.job.running ? "starting" : "idle";
}

void draw_job(const ControlsFigures& figures) {
  const JobProgress& job = figures.job.progress;
  const std::string name = figures.job.name.empty() ? std::string("No job yet") : std::string(figures.job.name);
  text(fmt::format("Job: {} ({})", name, job_state(figures)));
  if (!figures.job.error.empty()) {
    coloured_text(colour_warning(), figures.job.error);
    ImGui::SameLine();
    help_marker("Why the last job ended early, in one line: the io server's port taken, a connection "
                "refused, a read that timed out. Start tries again.");
  }
  ImGui::SameLine();
  help_marker(
      "Progress of the current job in work items. Workers take items from a shared queue "
      "guarded by a Lock (see Locks); each finished item counts here and in the Threads "
      "panel for the thread that did it.\n\n"
      "In single-thread mode a frame is drawn only between two jobs, so every frame you see "
      "shows the job that just ended, at 100 %, and the next one about to freeze the window.");
  labelled_bar(job.fraction(), format_progress(job.items_done, job.items_total, "items"));
  if (figures.job.next_job_due) {
    ImGui::PushTextWrapPos(0.0f);
    coloured_text(colour_warning(), between_jobs_text(figures));
    ImGui::PopTextWrapPos();
  }

  label_value("Jobs completed", format_count(figures.job.jobs_completed, "jobs"));
  label_value("Last job took",
              figures.job.jobs_completed > 0 ? format_seconds(figures.job.last_job_seconds) : std::string("-"),
              "Wall-clock time of the last job that finished, start to last item.");
  label_value("Items done",
              fmt::format("{} in {}", format_count(figures.job.items_done_total, "items"),
                          format_seconds(figures.job.session_seconds)),
              "Work items finished by every job since the statistics were last cleared.");
  label_value("Throughput", format_rate(figures.job.items_per_second, "items"),
              "Items done divided by the time they took: all jobs and threads together.");
}

}  // namespace


ControlRequests draw_controls_panel(const ControlsFigures& figures) {
  ControlRequests requests;
  const PanelWindow window(Panel::controls);
  if (!window.visible()) return requests;

  panel_intro("One job, run by the render thread or by threading.Thread workers.");
  draw_page(figures, requests);
  const bool lesson_page = figures.page != Page{};
  if (lesson_page) {
    banner(figures.page.stepper ? "Step through: the job is paused until you return to the Responsiveness page."
                            : "A scenario runs: the job is paused until you return to the Responsiveness page.",
           colour_muted());
  } else {
    draw_mode_banner(figures);
  }
  ImGui::Spacing();
  ImGui::BeginDisabled(lesson_page);
  draw_mode(figures, requests);
  draw_workload(figures, requests);
  draw_workers(figures, requests);
  ImGui::Spacing();
  draw_actions(figures, requests);
  ImGui::EndDisabled();
  draw_capture_actions(figures, requests);
  ImGui::Separator();
  draw_job(figures);
  return requests;
}

}  // namespace threadlab::ui
