// Primes: the other workload, counting primes below a limit in chunks.

#include <fmt/format.h>

#include <cmath>

#include "widgets/format.hpp"
#include "layout/panel_window.hpp"
#include "panels.hpp"
#include "widgets/widgets.hpp"

namespace threadlab::ui {

void draw_primes_panel(const PrimesFigures& figures) {
  const PanelWindow window(Panel::primes);
  if (!window.visible()) return;

  panel_intro("Counting primes segment by segment: CPU-bound, so threads help up to the number of cores.",
              "A sieve of Eratosthenes over the numbers below the limit, cut into segments; "
              "each segment is one work item. A worker takes a segment from a queue under a "
              "Lock, sieves it with no lock held, then adds what it found to the shared count "
              "under another Lock.\n\n"
              "Nothing here waits for disk or network: a CPU-bound job runs faster with more "
              "threads only while there are idle cores (see CPU cores).");

  const std::uint64_t limit = figures.limit;
  label_value("Range", fmt::format("2 to {}", group_thousands(limit > 2 ? limit - 1 : 2)),
              "Every number from 2 up to the limit is tested; the limit itself is not.");

  const bool current = figures.current;
  if (!current || !figures.found) {
    note(current ? "No primes counted yet: press Start in Controls."
                 : "Not the current workload: choose Primes in Controls.");
    return;
  }
  label_value("Primes found", format_count(*figures.found, "primes"), "So far, in the current job.");
  labelled_bar(figures.job.fraction(),
               format_progress(figures.job.items_done, figures.job.items_total, "segments"));
  label_value("Throughput", format_rate(figures.items_per_second, "items"),
              "Work items finished per second since the statistics were last cleared, all jobs "
              "and threads together (here an item is a segment).");
}

}  // namespace threadlab::ui
