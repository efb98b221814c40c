#include "threadlab/diagnostics/lock_order.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <mutex>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "lock_order_graph.hpp"
#include "lock_order_internal.hpp"
#include "threading/registry_internal.hpp"
#include "threadlab/threading/registry.hpp"

namespace threadlab {
namespace {

void print_to_stderr(const LockOrderInversion& inversion) {
  const std::string text = "threadlab: possible deadlock: " + inversion.summary() + "\n" + inversion.scenario_table();
  std::fputs(text.c_str(), stderr);
  std::fflush(stderr);
}

// The reports, and who hears of them. Behind a plain std::mutex: an
// instrumented Lock here would record orders of its own.
struct LockOrderReports {
  std::mutex mutex;
  std::vector<LockOrderInversion> kept;
  std::uint64_t count = 0;
  LockOrderReporter reporter = print_to_stderr;
};

LockOrderReports& reports() {
  static auto* instance = new LockOrderReports;  // Locks in static storage may outlive a local static
  return *instance;
}

detail::LockOrderGraph& graph() {
  static auto* instance = new detail::LockOrderGraph;  // as reports(): Locks may outlive a local static
  return *instance;
}

// Orders this thread has already recorded (a small direct-mapped cache), so
// that a thread that nests the same two Locks a million times looks at the
// graph once. An entry naming a destroyed Lock is harmless: ids are
// never reused.
struct KnownOrders {
  static constexpr std::size_t slots = 64;
  std::array<std::pair<std::uint64_t, std::uint64_t>, slots> entries{};

  static std::size_t slot(std::uint64_t from, std::uint64_t to) noexcept {
    return static_cast<std::size_t>((from * 0x9E3779B97F4A7C15ull) ^ to) % slots;
  }
  bool contains(std::uint64_t from, std::uint64_t to) const noexcept {
    return entries[slot(from, to)] == std::pair{from, to};
  }
  void insert(std::uint64_t from, std::uint64_t to) noexcept { entries[slot(from, to)] = {from, to}; }
};
constinit thread_local KnownOrders known_orders{};

// Adds the order of `step`; keeps the inversion it closes, if any, and
// returns it with the reporter to tell.
std::optional<std::pair<LockOrderInversion, LockOrderReporter>> record(const LockOrderStep& step) {
  std::optional<LockOrderInversion> inversion = graph().add(step);
  if (!inversion) return std::nullopt;
  auto& r = reports();
  std::lock_guard guard(r.mutex);
  ++r.count;
  if (r.kept.size() < lock_order_report_limit) r.kept.push_back(*inversion);
  return std::pair{std::move(*inversion), r.reporter};
}

}  // namespace

bool LockOrderInversion::involves_lock(std::uint64_t lock_id) const {
  return std::any_of(steps.begin(), steps.end(),
                     [lock_id](const LockOrderStep& step) { return step.held.id == lock_id || step.wanted.id == lock_id; });
}

std::string LockOrderInversion::summary() const {
  if (steps.empty()) return {};
  const LockOrderStep& now = steps.front();
  std::string out = fmt::format("{} holds {} and wants {}, but ", now.thread_name, now.held.name, now.wanted.name);
  for (std::size_t i = 1; i < steps.size(); ++i) {
    const LockOrderStep& before = steps[i];
    if (i > 1) out += i + 1 == steps.size() ? " and " : ", ";
    out += fmt::format("{} took {} before {}", before.thread_name, before.held.name, before.wanted.name);
    if (omitted_steps > 0 && i + 1 == lock_order_steps_kept_at_each_end)
      out += fmt::format(", then {} more order{} (not shown)", omitted_steps, omitted_steps == 1 ? "" : "s");
  }
  return out;
}

std::string LockOrderInversion::scenario_table() const {
  // One column per step kept, and one "…" column where orders were left out.
  struct Column {
    std::string thread, first, second;
  };
  std::vector<Column> columns;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    columns.push_back({steps[i].thread_name, "lock(" + steps[i].held.name + ");",
                       "lock(" + steps[i].wanted.name + ");"});
    if (omitted_steps > 0 && i + 1 == lock_order_steps_kept_at_each_end)
      columns.push_back({fmt::format("({} more)", omitted_steps), "...", "..."});
  }
  std::size_t width = 12;
  for (const auto& column : columns)
    width = std::max({width, column.thread.size() + 2, column.first.size() + 2, column.second.size() + 2});
  const auto row = [&](std::size_t column, const std::string& text) {
    return std::string(2 + column * width, ' ') + text + "\n";
  };
  std::string out = " possible unsafe locking scenario:\n\n";
  std::string names = "  ";
  std::string rules = "  ";
  for (const auto& column : columns) {
    names += fmt::format("{:<{}}", column.thread, width);
    rules += fmt::format("{:<{}}", std::string(column.thread.size(), '-'), width);
  }
  const auto trimmed = [](std::string line) { return line.erase(line.find_last_not_of(' ') + 1); };
  out += trimmed(names) + "\n" + trimmed(rules) + "\n";
  // Each thread takes its first Lock; then each asks for its second, which
  // the next one holds: nobody can go on.
  for (std::size_t i = 0; i < columns.size(); ++i) out += row(i, columns[i].first);
  for (std::size_t i = columns.size(); i-- > 0;) out += row(i, columns[i].second);
  out += "\n *** DEADLOCK ***\n";
  return out;
}

std::vector<LockOrderInversion> lock_order_inversions() {
  auto& r = reports();
  std::lock_guard guard(r.mutex);
  return r.kept;
}

std::uint64_t lock_order_inversion_count() {
  auto& r = reports();
  std::lock_guard guard(r.mutex);
  return r.count;
}

std::vector<LockOrderInversion> lock_order_inversions_since(std::uint64_t count_before) {
  auto& r = reports();
  std::lock_guard guard(r.mutex);
  if (count_before >= r.kept.size()) return {};
  return {r.kept.begin() + static_cast<std::ptrdiff_t>(count_before), r.kept.end()};
}

LockOrderReporter set_lock_order_reporter(LockOrderReporter reporter) {
  auto& r = reports();
  std::lock_guard guard(r.mutex);
  return std::exchange(r.reporter, std::move(reporter));
}

void reset_lock_order_reports() {
  auto& r = reports();
  std::lock_guard guard(r.mutex);
  r.kept.clear();
  r.count = 0;
}

namespace detail {

void HeldLocks::pop_other(std::uint64_t id) noexcept {
  for (int i = tracked() - 1; i >= 0; --i) {
    if (ids[static_cast<std::size_t>(i)] == id) {
      erase_at(i);
      return;
    }
  }
  if (count > capacity) --count;  // one of the untracked ones, as far as can be told
}

void HeldLocks::erase_at(int index) noexcept {
  for (int j = index; j + 1 < tracked(); ++j) ids[static_cast<std::size_t>(j)] = ids[static_cast<std::size_t>(j + 1)];
  --count;
}

void note_lock_order(HeldLocks& held, const Lock& wanted) {
  const std::uint64_t to = wanted.id();
  const std::int64_t me = get_native_id();
  for (int i = held.tracked() - 1; i >= 0; --i) {
    const std::uint64_t from = held.ids[static_cast<std::size_t>(i)];
    // Asking for a Lock one holds is a deadlock of one thread: the watchdog's.
    if (from == to || known_orders.contains(from, to)) continue;
    if (graph().knows(from, to)) {  // another thread's order: one shard's mutex
      known_orders.insert(from, to);
      continue;
    }
    std::string held_name = name_if_held_by(from, me);
    if (held_name.empty()) {  // released by another thread meanwhile
      held.erase_at(i);
      continue;
    }
    known_orders.insert(from, to);
    auto found = record({current_record().name(), me, {from, std::move(held_name)}, {to, wanted.name()}});
    if (found && found->second) found->second(found->first);
  }
}

void forget_lock_order(std::uint64_t lock_id) { graph().forget(lock_id); }

}  // namespace detail
}  // namespace threadlab
