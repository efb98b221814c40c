#include "comparison_report.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "figures_json.hpp"
#include "threadlab/measurement/clock.hpp"

namespace threadlab::app {

ModeFigures figures_of_run(const LabSnapshot& last, double duration_s) {
  ModeFigures f;
  f.mode = last.settings.mode;
  f.workload = last.settings.workload;
  f.workers = last.worker_count;
  f.workers_rested_percent = f.mode == Mode::multi_thread ? 100.0 * last.workers_rested_fraction : 0.0;
  if (f.mode == Mode::single_thread) {
    f.job_priority = "normal (the render thread)";
  } else if (last.settings.priority == WorkerPriority::paced) {
    f.job_priority = fmt::format("paced (the workers: normal, resting {:.0f} % of their time while frames were late)",
                                 f.workers_rested_percent);
  } else {
    f.job_priority = fmt::format("{} (the workers)", to_string(last.settings.priority));
  }
  f.duration_s = duration_s;
  f.job_wall_s = last.last_job_seconds;
  f.jobs_completed = last.jobs_completed;
  f.items_done = last.items_done_total;
  f.items_per_second = last.items_per_second;
  f.frames = last.frames;
  // The frames the count, p50 and max describe, the session's last (often
  // its longest) included: a list kept beside them would miss it.
  f.frames_over_50ms = last.frames.over_threshold;
  f.longest_freeze_ms = last.longest_freeze_ms;
  f.probe = last.probe;
  for (const LockStats& lock : last.locks) {
    f.locks.push_back({lock.name, to_ms(lock.total_wait),
                       lock.contended_acquisitions});
  }
  f.mean_core_load_percent = last.mean_core_load_percent;
  f.mean_process_percent = last.mean_process_percent;
  f.cpu_split = last.mean_cpu_split;
  if (last.settings.workload == WorkloadKind::mandelbrot) f.views = last.job_views;
  return f;
}

namespace {

double ratio_of(double numerator, double denominator) { return denominator > 0 ? numerator / denominator : 0.0; }

struct Claim {
  const char* key;
  std::string text;   // what was measured
  std::string goal;
  double value;
  bool met;  // never when the runs were too short to judge
};

// Whether both runs lasted long enough for their claims to be judged.
bool claims_judged(const ModeFigures& single, const ModeFigures& multi) {
  return std::min(single.duration_s, multi.duration_s) >= min_claim_duration_s;
}

std::string not_judged_text(const ModeFigures& single, const ModeFigures& multi) {
  return fmt::format("the runs lasted {:.2f} s and {:.2f} s, under the {:.0f} s a claim needs: no claim is judged",
                     single.duration_s, multi.duration_s, min_claim_duration_s);
}

std::vector<Claim> claims_of(const ModeFigures& single, const ModeFigures& multi) {
  const double freeze = ratio_of(single.longest_freeze_ms, multi.longest_freeze_ms);
  const double slow_share = ratio_of(double(multi.frames_over_50ms), double(multi.frames.count));
  const double throughput = ratio_of(multi.items_per_second, single.items_per_second);
  const bool judged = claims_judged(single, multi);
  return {
      {"freeze_ratio",
       fmt::format("single-thread longest freeze / multi-thread's: {:.1f}x ({:.0f} / {:.1f} ms)", freeze,
                   single.longest_freeze_ms, multi.longest_freeze_ms),
       fmt::format(">= {:.0f}x", freeze_ratio_goal), freeze, judged && freeze >= freeze_ratio_goal},
      {"multi_slow_frame_share",
       fmt::format("multi-thread frames over 50 ms: {} of {} ({:.1f} %)", multi.frames_over_50ms, multi.frames.count,
                   100 * slow_share),
       fmt::format("<= {:.0f} %", 100 * slow_frame_share_goal), slow_share, judged && slow_share <= slow_frame_share_goal},
      {"throughput_ratio",
       fmt::format("throughput multi / single: {:.2f}x ({:.0f} / {:.0f} items/s)", throughput,
                   multi.items_per_second, single.items_per_second),
       fmt::format(">= {:.1f}x", throughput_ratio_goal), throughput, judged && throughput >= throughput_ratio_goal},
  };
}

std::string load_text(const std::optional<LoadAverages>& load) {
  return load ? fmt::format("{:.2f}", load->one_minute) : std::string("unknown");
}

std::string claims_markdown(const ModeFigures& single, const ModeFigures& multi) {
  std::string md = "## The claims\n\n";
  const bool judged = claims_judged(single, multi);
  if (!judged) md += fmt::format("Not judged: {}.\n\n", not_judged_text(single, multi));
  md += "| claim | goal | |\n|---|---|---|\n";
  for (const Claim& claim : claims_of(single, multi)) {
    md += fmt::format("| {} | {} | {} |\n", claim.text, claim.goal, !judged ? "not judged" : claim.met ? "met" : "MISSED");
  }
  return md;
}

// Where and when it ran, and what ran beside it.
std::string context_markdown(const ComparisonContext& context) {
  std::string md =
      fmt::format("Measured {} on {} ({} cores), {}, window {}x{}; load average {} at the start, {} at the end.\n\n",
                  context.date, context.cpu_model, context.cores, context.gl_renderer, context.window_width,
                  context.window_height, load_text(context.load_at_start), load_text(context.load_at_end));
  if (context.beside > 0) {
    md += fmt::format("A busy machine: {} CPU-bound process{} (busy loops, nice 0) ran beside both runs "
                      "(`--beside {}`).\n\n",
                      context.beside, context.beside == 1 ? "" : "es", context.beside);
  }
  md += fmt::format("THREADLAB_REDRAW={}: {}.\n\n", context.redraw,
                    context.redraws_only_changes ? "each frame drew again only what changed"
                                                 : "every frame was drawn whole");
  return md;
}

// One table row: a figure for each mode, in `format`.
std::string figure_row(const char* name, double single, double multi, const char* format = "{:.1f}") {
  return fmt::format("| {} | {} | {} |\n", name, fmt::format(fmt::runtime(format), single),
                     fmt::format(fmt::runtime(format), multi));
}

std::string both_runs_markdown(const ModeFigures& single, const ModeFigures& multi) {
  std::string md = "\n## Both runs\n\n";
  md += "| figure | single-thread | multi-thread |\n|---|---:|---:|\n";
  md += fmt::format("| job's priority | {} | {} |\n", single.job_priority, multi.job_priority);
  md += figure_row("run wall time (s)", single.duration_s, multi.duration_s, "{:.2f}");
  md += figure_row("job wall time (s)", single.job_wall_s, multi.job_wall_s, "{:.2f}");
  md += figure_row("jobs completed", double(single.jobs_completed), double(multi.jobs_completed), "{:.0f}");
  md += figure_row("throughput (items/s)", single.items_per_second, multi.items_per_second);
  md += figure_row("frames drawn", double(single.frames.count), double(multi.frames.count), "{:.0f}");
  md += figure_row("frame time p50 (ms)", single.frames.p50_ms, multi.frames.p50_ms);
  md += figure_row("frame time p99 (ms)", single.frames.p99_ms, multi.frames.p99_ms);
  md += figure_row("frame time max (ms)", single.frames.max_ms, multi.frames.max_ms);
  md += figure_row("frames over 50 ms", double(single.frames_over_50ms), double(multi.frames_over_50ms), "{:.0f}");
  md += figure_row("longest freeze (ms)", single.longest_freeze_ms, multi.longest_freeze_ms);
  md += figure_row("probe latency p50 (ms)", single.probe.p50_ms, multi.probe.p50_ms);
  md += figure_row("probe latency p99 (ms)", single.probe.p99_ms, multi.probe.p99_ms);
  md += figure_row("probe latency max (ms)", single.probe.max_ms, multi.probe.max_ms);
  md += figure_row("mean load, all cores (%)", mean_of(single.mean_core_load_percent),
                   mean_of(multi.mean_core_load_percent), "{:.0f}");
  return md;
}

std::string cpu_split_markdown(const ModeFigures& single, const ModeFigures& multi) {
  std::string md =
      "\n## Where this process's CPU went (% of one core, run mean)\n\n"
      "The workers are threading's Threads (the job's, and the Lab's small helpers); the render thread draws and, "
      "in single-thread mode, runs the job; the other threads are those threading did not start, such as the GL "
      "driver's `llvmpipe-N` rasterizer threads, which draw the window on software OpenGL.\n\n"
      "| threads | single-thread | multi-thread |\n|---|---:|---:|\n";
  md += figure_row("workers (threading.Thread)", single.cpu_split.workers_percent, multi.cpu_split.workers_percent,
                   "{:.0f}");
  md += figure_row("render thread", single.cpu_split.render_percent, multi.cpu_split.render_percent, "{:.0f}");
  md += figure_row("other threads (GL driver)", single.cpu_split.other_percent, multi.cpu_split.other_percent,
                   "{:.0f}");
  return md;
}

// Total wait per Lock, "-" for a Lock the mode did not have.
std::string lock_waits_markdown(const ModeFigures& single, const ModeFigures& multi) {
  std::string md = "\n## Lock waits (total ms)\n\n| lock | single-thread | multi-thread |\n|---|---:|---:|\n";
  std::vector<std::string> names;
  for (const auto* f : {&single, &multi}) {
    for (const LockWait& lock : f->locks) {
      if (std::find(names.begin(), names.end(), lock.name) == names.end()) names.push_back(lock.name);
    }
  }
  auto wait_of = [](const ModeFigures& f, const std::string& name) {
    for (const LockWait& lock : f.locks) {
      if (lock.name == name) return fmt::format("{:.1f}", lock.total_wait_ms);
    }
    return std::string("-");
  };
  for (const std::string& name : names) {
    md += fmt::format("| {} | {} | {} |\n", name, wait_of(single, name), wait_of(multi, name));
  }
  return md;
}

std::string core_load_markdown(const ModeFigures& single, const ModeFigures& multi) {
  std::string md = "\n## Mean load per core (%)\n\n| core | single-thread | multi-thread |\n|---|---:|---:|\n";
  const std::size_t cores = std::max(single.mean_core_load_percent.size(), multi.mean_core_load_percent.size());
  for (std::size_t c = 0; c < cores; ++c) {
    auto load = [c](const ModeFigures& f) {
      return c < f.mean_core_load_percent.size() ? fmt::format("{:.0f}", f.mean_core_load_percent[c]) : std::string("-");
    };
    md += fmt::format("| {} | {} | {} |\n", c, load(single), load(multi));
  }
  return md;
}

}  // namespace

void to_json(nlohmann::ordered_json& j, const ModeFigures& f) {
  j = nlohmann::ordered_json::object();
  j["mode"] = to_string(f.mode);
  j["workload"] = to_string(f.workload);
  j["workers"] = f.workers;
  j["job_priority"] = f.job_priority;
  j["workers_rested_percent"] = f.workers_rested_percent;
  j["duration_s"] = f.duration_s;
  j["job_wall_s"] = f.job_wall_s;
  j["jobs_completed"] = f.jobs_completed;
  j["items_done"] = f.items_done;
  j["items_per_second"] = f.items_per_second;
  j["frames"] = f.frames;
  j["frames_over_50ms"] = f.frames_over_50ms;
  j["longest_freeze_ms"] = f.longest_freeze_ms;
  j["probe"] = f.probe;
  nlohmann::ordered_json locks = nlohmann::ordered_json::array();
  for (const LockWait& lock : f.locks) {
    locks.push_back({{"name", lock.name},
                     {"total_wait_ms", lock.total_wait_ms},
                     {"contended_acquisitions", lock.contended_acquisitions}});
  }
  j["locks"] = std::move(locks);
  j["mean_core_load_percent"] = f.mean_core_load_percent;
  j["mean_load_all_cores_percent"] = mean_of(f.mean_core_load_percent);
  j["process_mean_percent"] = f.mean_process_percent;
  j["cpu_split"] = f.cpu_split;
  nlohmann::ordered_json views = nlohmann::ordered_json::array();
  for (const MandelbrotView& view : f.views)
    views.push_back({{"centre_re", view.center_x}, {"centre_im", view.center_y}, {"scale", view.scale}});
  j["views"] = std::move(views);
}

nlohmann::ordered_json build_report_json(const ModeFigures& single, const ModeFigures& multi,
                                         const ComparisonContext& context) {
  nlohmann::ordered_json j;
  j["version"] = THREADLAB_VERSION;
  j["machine"] = {{"date", context.date},
                  {"cpu_model", context.cpu_model},
                  {"cores", context.cores},
                  {"gl_renderer", context.gl_renderer},
                  {"window", {{"width", context.window_width}, {"height", context.window_height}}},
                  {"threadlab_redraw", context.redraw},
                  {"redraws_only_changes", context.redraws_only_changes},
                  {"load_average_at_start", context.load_at_start ? nlohmann::ordered_json(context.load_at_start->one_minute)
                                                                  : nlohmann::ordered_json(nullptr)},
                  {"load_average_at_end", context.load_at_end ? nlohmann::ordered_json(context.load_at_end->one_minute)
                                                              : nlohmann::ordered_json(nullptr)},
                  {"cpu_bound_processes_beside", context.beside}};
  j["single"] = single;
  j["multi"] = multi;
  nlohmann::ordered_json ratio;
  ratio["longest_freeze"] = multi.longest_freeze_ms > 0 ? single.longest_freeze_ms / multi.longest_freeze_ms : 0.0;
  ratio["probe_p99"] = multi.probe.p99_ms > 0 ? single.probe.p99_ms / multi.probe.p99_ms : 0.0;
  j["single_over_multi"] = std::move(ratio);
  nlohmann::ordered_json claims;
  for (const Claim& claim : claims_of(single, multi)) {
    claims[claim.key] = {{"value", claim.value}, {"goal", claim.goal}, {"met", claim.met}, {"measured", claim.text}};
  }
  j["claims"] = std::move(claims);
  j["claims_judged"] = claims_judged(single, multi);
  if (!claims_judged(single, multi)) j["claims_not_judged_because"] = not_judged_text(single, multi);
  return j;
}

std::string build_report_markdown(const ModeFigures& single, const ModeFigures& multi,
                                  const ComparisonContext& context) {
  std::string md = "# ThreadLab: single-thread vs multi-thread\n\n";
  md += fmt::format("Workload: {}. The same scripted job, run first on the render thread, then on {} worker threads.\n\n",
                    to_string(single.workload), multi.workers);
  if (!context.date.empty()) md += context_markdown(context);
  md += claims_markdown(single, multi);
  md += both_runs_markdown(single, multi);
  md += cpu_split_markdown(single, multi);
  md += lock_waits_markdown(single, multi);
  md += core_load_markdown(single, multi);
  return md;
}

}  // namespace threadlab::app
