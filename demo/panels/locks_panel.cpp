// Locks: every threading.Lock the engine made, how often threads had to wait
// for it, for how long, and who holds it now.

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <numeric>

#include "widgets/format.hpp"
#include "layout/panel_window.hpp"
#include "panels.hpp"
#include "widgets/widgets.hpp"

namespace threadlab::ui {

namespace {

using std::chrono::microseconds;
using std::chrono::nanoseconds;

constexpr int column_count = 9;
constexpr int buckets = static_cast<int>(wait_histogram_buckets);

std::string lock_name(const LockStats& lock) {
  return lock.name.empty() ? fmt::format("Lock #{}", lock.id) : lock.name;
}

// A wait figure, or "-" while nothing has waited (a zero would read as "instant").
std::string wait_text(const LockStats& lock, nanoseconds wait) {
  return lock.contended_acquisitions ? format_duration(wait) : std::string("-");
}

std::string holder_text(const LockStats& lock) {
  if (!lock.locked) return "free";
  if (!lock.holder_name.empty()) return lock.holder_name;
  if (lock.holder_native_id != 0) return fmt::format("TID {}", lock.holder_native_id);
  return "held";
}

// Lower edge of a histogram bucket: 2^i microseconds.
nanoseconds bucket_start(int bucket) { return microseconds(std::int64_t{1} << bucket); }

std::string bucket_range(int bucket) {
  if (bucket == 0) return fmt::format("under {}", format_duration(bucket_start(1)));
  if (bucket == buckets - 1) return fmt::format("{} or more", format_duration(bucket_start(bucket)));
  return fmt::format("{} to {}", format_duration(bucket_start(bucket)),
                     format_duration(bucket_start(bucket + 1)));
}

void draw_table(std::span<const LockStats> locks) {
  if (!begin_figure_table("locks", column_count, locks.size(), 6)) return;
  // What is happening now first (who holds it, how many wait), then the
  // figures so far: a narrow panel scrolls the figures, not the news.
  ImGui::TableSetupColumn("Lock");
  ImGui::TableSetupColumn("Holder");
  ImGui::TableSetupColumn("Waiters");
  ImGui::TableSetupColumn("Acquisitions");
  ImGui::TableSetupColumn("Contended");
  ImGui::TableSetupColumn("Mean wait");
  ImGui::TableSetupColumn("p99 wait");
  ImGui::TableSetupColumn("Max wait");
  ImGui::TableSetupColumn("Total wait");
  ImGui::TableHeadersRow();

  for (const LockStats& lock : locks) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    text(fmt::format("{} ({})", lock_name(lock), to_string(lock.policy)));
    ImGui::TableNextColumn();
    if (lock.locked) {
      text(holder_text(lock));
    } else {
      coloured_text(colour_muted(), holder_text(lock));
    }
    ImGui::TableNextColumn();
    if (lock.waiters > 0) {
      coloured_text(colour_warning(), group_thousands(lock.waiters));
    } else {
      text("0");
    }
    ImGui::TableNextColumn();
    text(group_thousands(lock.acquisitions));
    ImGui::TableNextColumn();
    text(format_percent(100.0 * lock.contended_fraction()));
    ImGui::TableNextColumn();
    text(wait_text(lock, lock.mean_wait()));
    ImGui::TableNextColumn();
    text(wait_text(lock, lock.wait_quantile(0.99)));
    ImGui::TableNextColumn();
    text(wait_text(lock, lock.max_wait));
    ImGui::TableNextColumn();
    text(wait_text(lock, lock.total_wait));
  }
  ImGui::EndTable();
}

// Tick labels under the plot, at the left edge of every fifth bucket. The
// labels are rounded (2^10 us is 1.02 ms): they mark decades, not bounds.
void draw_bucket_axis(ImVec2 inner_min, ImVec2 inner_max) {
  struct Tick {
    int bucket;
    const char* label;
  };
  static constexpr Tick ticks[] = {{0, "1 us"}, {5, "32 us"}, {10, "1 ms"}, {15, "33 ms"}, {20, "1 s"}};
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float width = inner_max.x - inner_min.x;
  const ImU32 colour = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  const float top = ImGui::GetCursorScreenPos().y;
  float last_label_end = -1e9f;
  for (const Tick& tick : ticks) {
    const float x = inner_min.x + width * static_cast<float>(tick.bucket) / static_cast<float>(buckets);
    const float label_width = ImGui::CalcTextSize(tick.label).x;
    if (x < last_label_end || x + label_width > inner_max.x) continue;  // no overlapping labels
    draw->AddLine(ImVec2(x, inner_max.y), ImVec2(x, top + 2.0f), colour);
    draw->AddText(ImVec2(x + 2.0f, top), colour, tick.label);
    last_label_end = x + label_width + ImGui::GetFontSize();
  }
  ImGui::Dummy(ImVec2(width, ImGui::GetTextLineHeight()));
}

void draw_histogram(const LockStats& lock) {
  if (lock.contended_acquisitions == 0) {
    // A wait is counted when it ends: threads stuck on the Lock (a deadlock) show as waiters.
    note(lock.waiters > 0 ? fmt::format("No wait has ended yet; {} waiting now.",
                                        format_count(lock.waiters, "threads"))
                          : std::string("No waits yet: every acquire got the lock at once."));
    return;
  }
  std::array<float, wait_histogram_buckets> counts{};
  std::transform(lock.wait_histogram.begin(), lock.wait_histogram.end(), counts.begin(),
                 [](std::uint64_t count) { return static_cast<float>(count); });
  const std::uint64_t waits =
      std::accumulate(lock.wait_histogram.begin(), lock.wait_histogram.end(), std::uint64_t{0});
  const std::string overlay = format_count(waits, "waits");

  ImGui::PlotHistogram("##waits", counts.data(), buckets, 0, overlay.c_str(), 0.0f, FLT_MAX,
                       ImVec2(remaining_width(), ImGui::GetFontSize() * 4.0f));
  const ImVec2 padding = ImGui::GetStyle().FramePadding;
  const ImVec2 item_min = ImGui::GetItemRectMin(), item_max = ImGui::GetItemRectMax();
  const ImVec2 inner_min(item_min.x + padding.x, item_min.y + padding.y);
  const ImVec2 inner_max(item_max.x - padding.x, item_max.y - padding.y);
  if (ImGui::IsItemHovered() && inner_max.x > inner_min.x) {
    const float at = (ImGui::GetIO().MousePos.x - inner_min.x) / (inner_max.x - inner_min.x);
    const int bucket = std::clamp(static_cast<int>(at * static_cast<float>(buckets)), 0, buckets - 1);
    const std::string tip =
        fmt::format("{}: {}", bucket_range(bucket),
                    format_count(lock.wait_histogram[static_cast<std::size_t>(bucket)], "waits"));
    ImGui::SetTooltip("%s", tip.c_str());
  }
  draw_bucket_axis(inner_min, inner_max);
  note("Wait time in log2 buckets of microseconds: each bar covers twice the time of the one before.");
}

// What an acquire costs when it does not wait, beside the wait
// histogram: nanoseconds against the histogram's microseconds to
// milliseconds. The Lock times one uncontended acquire in
// acquire_sample_interval; this is their mean.
void draw_uncontended_cost(const LockStats& lock) {
  static const std::string help = fmt::format(
      "An acquire that finds the lock free is one atomic instruction: a few nanoseconds (ns), "
      "and it reads no clock. One such acquire in {} is timed (two clock reads, whose own cost is "
      "taken off); this is the mean of those samples.\n\n"
      "An acquire that finds the lock taken spins briefly, then sleeps until a release wakes it: "
      "microseconds (us) to milliseconds (ms), the histogram below. That is a thousand to a "
      "million times more: contention, not locking, is what costs.",
      acquire_sample_interval);
  const std::string value =
      lock.sampled_acquires == 0
          ? fmt::format("not sampled yet (1 acquire in {} is timed)", acquire_sample_interval)
          : fmt::format("{} ({})", format_duration(lock.sampled_acquire_cost()),
                        format_count(lock.sampled_acquires, "samples"));
  label_value("Acquire, no wait:", value, help.c_str());
}

}  // namespace

// --- The reading of the main page's waits, kept apart from the table.

std::string lock_reading(const LocksFigures& figures) {
  if (figures.scenario_page) return {};  // a scenario page explains its own Locks
  const char* const main_page_locks[] = {"mandelbrot.tile-queue", "mandelbrot.image", "primes.segment-queue",
                                         "primes.count"};
  std::uint64_t acquisitions = 0, waits = 0, refused = 0;
  std::chrono::nanoseconds longest{0};
  for (const LockStats& lock : figures.locks) {
    if (std::find(std::begin(main_page_locks), std::end(main_page_locks), lock.name) == std::end(main_page_locks))
      continue;
    acquisitions += lock.acquisitions;
    waits += lock.contended_acquisitions;
    refused += lock.failed_tries;
    longest = std::max(longest, lock.max_wait);
  }
  if (acquisitions == 0) return "Reading: no Lock taken yet; start a job.";
  const std::string refused_text =
      refused ? fmt::format("; the render thread found one busy {}, retried next frame", format_count(refused, "times"))
              : std::string();
  if (waits == 0) {
    return fmt::format("Reading: no wait in {}{}: fine-grained locking at work; the contention page shows the opposite.",
                       format_count(acquisitions, "acquisitions"), refused_text);
  }
  return fmt::format(
      "Reading: {} in {} ({}), longest {}{}: near zero, fine-grained locking at work; the contention page shows "
      "the opposite.",
      format_count(waits, "waits"), format_count(acquisitions, "acquisitions"),
      format_percent(100.0 * static_cast<double>(waits) / static_cast<double>(acquisitions)), format_duration(longest),
      refused_text);
}

void draw_locks_panel(const LocksFigures& figures) {
  const PanelWindow window(Panel::locks);
  if (!window.visible()) return;

  panel_intro(
      "threading.Lock: `with lock:` lets one thread in at a time; the others wait, and "
      "that wait is measured here.",
      "Acquisitions: successful acquire() calls. Contended: the share that found the lock "
      "taken and had to wait.\n\n"
      "Mean / max / total wait: over the acquires that waited. p99 wait: 99 % of waits "
      "were shorter; it is the upper edge of its histogram bucket, so it is exact to a "
      "factor of two.\n\n"
      "Holder: the thread inside `with lock:` now. Waiters: threads blocked in acquire() now.\n\n"
      "barging (Python's default): whoever asks first after a release wins. fifo: waiters "
      "are served in arrival order, so no thread starves.");

  draw_lock_order_inversions(figures.inversions);
  if (figures.locks.empty()) {
    note(figures.scenario_page ? "No locks yet: they appear when the scenario creates them."
                           : "No locks yet: they appear when a job creates its queue lock.");
    return;
  }
  if (figures.outlived) {
    note("The scenario has ended and its Locks with it: their figures as they ended.");
    ImGui::SameLine();
    help_marker("A scenario's Locks live as long as its run. The table keeps their last figures until you run "
                "the scenario again or leave the page.");
  }
  draw_table(figures.locks);
  if (const std::string reading = lock_reading(figures); !reading.empty()) {
    help_marker(
        "The main page's Locks are shared by every job of the session: workers take the queue Lock for each "
        "item and the result Lock (mandelbrot.image, primes.count) to store it; the render thread takes "
        "mandelbrot.image every frame to copy finished tiles out, and primes.count to read the count.\n\n"
        "Each thread holds a Lock only for a microsecond or so and computes with no Lock held, so another "
        "thread rarely finds it taken: waits near zero are the result of that fine-grained locking. The rare "
        "long wait is a holder the scheduler paused (workers run at idle priority). The render thread never "
        "waits: it tries the Lock and, when a worker holds it, comes back next frame.\n\n"
        "The contention page (Page in Controls) shows the opposite: one coarse Lock held for each whole "
        "item, and the waits grow with every thread you add.");
    ImGui::SameLine();
    ImGui::PushTextWrapPos(0.0f);
    text(reading);
    ImGui::PopTextWrapPos();
  }

  for (std::size_t i = 0; i < figures.locks.size(); ++i) {
    const LockStats& lock = figures.locks[i];
    const std::string header = fmt::format("Wait times: {}###histogram{}", lock_name(lock), lock.id);
    // The first lock's histogram starts open so the picture is there at first sight.
    if (ImGui::TreeNodeEx(header.c_str(), i == 0 ? ImGuiTreeNodeFlags_DefaultOpen : 0)) {
      draw_uncontended_cost(lock);
      draw_histogram(lock);
      ImGui::TreePop();
    }
  }
}

}  // namespace threadlab::ui
