#include "threadlab/diagnostics/lock_order.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <mutex>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>

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

// The acquired-before graph: an edge held -> wanted for every order seen,
// with the first thread seen taking it. Behind a plain std::mutex: an
// instrumented Lock here would record orders of its own.
struct LockOrderGraph {
  struct Edge {
    std::uint64_t to = 0;
    LockOrderStep witness;
  };
  std::mutex mutex;
  std::unordered_map<std::uint64_t, std::vector<Edge>> edges_from;
  std::vector<LockOrderInversion> reports;
  std::uint64_t report_count = 0;
  LockOrderReporter reporter = print_to_stderr;

  bool has_edge(std::uint64_t from, std::uint64_t to) const {
    const auto it = edges_from.find(from);
    return it != edges_from.end() &&
           std::any_of(it->second.begin(), it->second.end(), [to](const Edge& edge) { return edge.to == to; });
  }

  // The orders that lead from `from` to `to`, in order, when there is a path
  // (depth first: the graph has one node per Lock that was ever nested).
  std::vector<LockOrderStep> path(std::uint64_t from, std::uint64_t to) const {
    std::vector<LockOrderStep> trail;
    std::vector<std::uint64_t> visited;
    const auto walk = [&](const auto& self, std::uint64_t node) -> bool {
      if (node == to) return true;
      if (std::find(visited.begin(), visited.end(), node) != visited.end()) return false;
      visited.push_back(node);
      const auto it = edges_from.find(node);
      if (it == edges_from.end()) return false;
      for (const Edge& edge : it->second) {
        trail.push_back(edge.witness);
        if (self(self, edge.to)) return true;
        trail.pop_back();
      }
      return false;
    };
    walk(walk, from);
    return trail;
  }
};

LockOrderGraph& graph() {
  static auto* instance = new LockOrderGraph;  // Locks in static storage may outlive a local static
  return *instance;
}

// Orders this thread has already recorded (a small direct-mapped cache), so
// that a thread that nests the same two Locks a million times takes the
// graph's mutex once. An entry naming a destroyed Lock is harmless: ids are
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

// Adds the order of `step` and returns the inversion it closes, if any.
std::optional<LockOrderInversion> record(LockOrderStep step) {
  auto& g = graph();
  std::lock_guard guard(g.mutex);
  if (g.has_edge(step.held.id, step.wanted.id)) return std::nullopt;
  // A path wanted -> ... -> held already says "wanted before held".
  std::vector<LockOrderStep> earlier = g.path(step.wanted.id, step.held.id);
  g.edges_from[step.held.id].push_back({step.wanted.id, step});
  if (earlier.empty()) return std::nullopt;
  LockOrderInversion inversion;
  inversion.steps.push_back(std::move(step));
  for (auto& order : earlier) inversion.steps.push_back(std::move(order));
  ++g.report_count;
  if (g.reports.size() < lock_order_report_limit) g.reports.push_back(inversion);
  return inversion;
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
  }
  return out;
}

std::string LockOrderInversion::scenario_table() const {
  std::size_t width = 12;
  for (const auto& step : steps) {
    width = std::max({width, step.thread_name.size() + 2, step.held.name.size() + 8, step.wanted.name.size() + 8});
  }
  const auto row = [&](std::size_t column, const std::string& text) {
    return std::string(2 + column * width, ' ') + text + "\n";
  };
  std::string out = " possible unsafe locking scenario:\n\n";
  std::string names = "  ";
  std::string rules = "  ";
  for (const auto& step : steps) {
    names += fmt::format("{:<{}}", step.thread_name, width);
    rules += fmt::format("{:<{}}", std::string(step.thread_name.size(), '-'), width);
  }
  const auto trimmed = [](std::string line) { return line.erase(line.find_last_not_of(' ') + 1); };
  out += trimmed(names) + "\n" + trimmed(rules) + "\n";
  // Each thread takes its first Lock; then each asks for its second, which
  // the next one holds: nobody can go on.
  for (std::size_t i = 0; i < steps.size(); ++i) out += row(i, "lock(" + steps[i].held.name + ");");
  for (std::size_t i = steps.size(); i-- > 0;) out += row(i, "lock(" + steps[i].wanted.name + ");");
  out += "\n *** DEADLOCK ***\n";
  return out;
}

std::vector<LockOrderInversion> lock_order_inversions() {
  auto& g = graph();
  std::lock_guard guard(g.mutex);
  return g.reports;
}

std::uint64_t lock_order_inversion_count() {
  auto& g = graph();
  std::lock_guard guard(g.mutex);
  return g.report_count;
}

std::vector<LockOrderInversion> lock_order_inversions_since(std::uint64_t count_before) {
  auto& g = graph();
  std::lock_guard guard(g.mutex);
  if (count_before >= g.reports.size()) return {};
  return {g.reports.begin() + static_cast<std::ptrdiff_t>(count_before), g.reports.end()};
}

LockOrderReporter set_lock_order_reporter(LockOrderReporter reporter) {
  auto& g = graph();
  std::lock_guard guard(g.mutex);
  return std::exchange(g.reporter, std::move(reporter));
}

void reset_lock_order_reports() {
  auto& g = graph();
  std::lock_guard guard(g.mutex);
  g.reports.clear();
  g.report_count = 0;
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
    std::string held_name = name_if_held_by(from, me);
    if (held_name.empty()) {  // released by another thread meanwhile
      held.erase_at(i);
      continue;
    }
    known_orders.insert(from, to);
    auto inversion = record({current_record().name(), me, {from, std::move(held_name)}, {to, wanted.name()}});
    if (!inversion) continue;
    LockOrderReporter reporter;
    {
      auto& g = graph();
      std::lock_guard guard(g.mutex);
      reporter = g.reporter;
    }
    if (reporter) reporter(*inversion);
  }
}

void forget_lock_order(std::uint64_t lock_id) {
  auto& g = graph();
  std::lock_guard guard(g.mutex);
  g.edges_from.erase(lock_id);
  for (auto& [from, edges] : g.edges_from)
    std::erase_if(edges, [lock_id](const LockOrderGraph::Edge& edge) { return edge.to == lock_id; });
}

}  // namespace detail
}  // namespace threadlab
