#include "lock_order_graph.hpp"

#include <algorithm>
#include <utility>

namespace threadlab::detail {

bool LockOrderGraph::knows(std::uint64_t from, std::uint64_t to) const {
  const Key key{from, to};
  const Shard& shard = shard_of(key);
  std::lock_guard guard(shard.mutex);
  return shard.keys.contains(key);
}

void LockOrderGraph::remember(const Key& key) {
  Shard& shard = shard_of(key);
  std::lock_guard guard(shard.mutex);
  shard.keys.insert(key);
}

void LockOrderGraph::unremember(const Key& key) {
  Shard& shard = shard_of(key);
  std::lock_guard guard(shard.mutex);
  shard.keys.erase(key);
}

// A Lock new to the graph starts at its id: ids grow with creation, so Locks
// always taken in creation order never need a search.
LockOrderGraph::Node& LockOrderGraph::node(std::uint64_t id) {
  const auto [it, added] = nodes_.try_emplace(id);
  if (added) it->second.order = static_cast<std::int64_t>(id);
  return it->second;
}

std::optional<LockOrderInversion> LockOrderGraph::add(const LockOrderStep& step) {
  const std::uint64_t held = step.held.id;
  const std::uint64_t wanted = step.wanted.id;
  std::lock_guard guard(mutex_);
  const Key key{held, wanted};
  if (knows(held, wanted)) return std::nullopt;  // another thread added it meanwhile
  Node& from = node(held);
  Node& to = node(wanted);
  if (from.order > to.order) {
    // Against the present order: either a cycle, or Locks to move.
    std::vector<std::uint64_t> forward;
    if (search_forward(wanted, held, forward)) {
      from.inverted_out.push_back({wanted, step});
      to.inverted_in.push_back(held);
      remember(key);
      return inversion_of(step);
    }
    std::vector<std::uint64_t> backward;
    search_backward(held, to.order, backward);
    reorder(backward, forward);
  }
  from.out.push_back({wanted, step});
  to.in.push_back(held);
  remember(key);
  return std::nullopt;
}

// Depth first, with an explicit stack, through the orders that agree with
// the topological order, visiting only Locks placed before `held`: a path to
// `held` can pass through no other.
bool LockOrderGraph::search_forward(std::uint64_t wanted, std::uint64_t held, std::vector<std::uint64_t>& reached) {
  const std::uint64_t epoch = ++epoch_;
  Node& target = nodes_.at(held);
  const std::int64_t upper = target.order;
  Node& start = nodes_.at(wanted);
  start.mark = epoch;
  start.via = nullptr;
  reached.push_back(wanted);
  std::vector<std::uint64_t> stack{wanted};
  while (!stack.empty()) {
    const std::uint64_t id = stack.back();
    stack.pop_back();
    for (const Edge& edge : nodes_.at(id).out) {
      if (edge.to == held) {
        target.via = &edge;
        target.via_from = id;
        return true;
      }
      Node& next = nodes_.at(edge.to);
      if (next.mark == epoch || next.order >= upper) continue;
      next.mark = epoch;
      next.via = &edge;
      next.via_from = id;
      reached.push_back(edge.to);
      stack.push_back(edge.to);
    }
  }
  return false;
}

// The Locks that lead to `held` and are placed after `lower` (where wanted
// is): they must move before wanted's forward set.
void LockOrderGraph::search_backward(std::uint64_t held, std::int64_t lower, std::vector<std::uint64_t>& reached) {
  const std::uint64_t epoch = ++epoch_;
  nodes_.at(held).mark = epoch;
  reached.push_back(held);
  std::vector<std::uint64_t> stack{held};
  while (!stack.empty()) {
    const std::uint64_t id = stack.back();
    stack.pop_back();
    for (const std::uint64_t source : nodes_.at(id).in) {
      Node& previous = nodes_.at(source);
      if (previous.mark == epoch || previous.order <= lower) continue;
      previous.mark = epoch;
      reached.push_back(source);
      stack.push_back(source);
    }
  }
}

// Pearce and Kelly's step: the places both sets held, smallest first, go to
// the backward set (in its present order), then to the forward set.
void LockOrderGraph::reorder(std::vector<std::uint64_t>& backward, std::vector<std::uint64_t>& forward) {
  const auto by_order = [this](std::uint64_t a, std::uint64_t b) { return nodes_.at(a).order < nodes_.at(b).order; };
  std::sort(backward.begin(), backward.end(), by_order);
  std::sort(forward.begin(), forward.end(), by_order);
  std::vector<std::int64_t> places;
  places.reserve(backward.size() + forward.size());
  for (const auto id : backward) places.push_back(nodes_.at(id).order);
  for (const auto id : forward) places.push_back(nodes_.at(id).order);
  std::sort(places.begin(), places.end());
  std::size_t next = 0;
  for (const auto id : backward) nodes_.at(id).order = places[next++];
  for (const auto id : forward) nodes_.at(id).order = places[next++];
}

// The closing step, then the path the forward search found from step.wanted
// to step.held, kept at both ends only when it is long.
LockOrderInversion LockOrderGraph::inversion_of(const LockOrderStep& step) {
  std::vector<const LockOrderStep*> path;
  for (std::uint64_t id = step.held.id; id != step.wanted.id;) {
    const Node& at = nodes_.at(id);
    path.push_back(&at.via->witness);
    id = at.via_from;
  }
  std::reverse(path.begin(), path.end());
  LockOrderInversion inversion;
  const std::size_t length = path.size() + 1;
  const std::size_t kept = lock_order_steps_kept_at_each_end;
  const bool elide = length > 2 * kept;
  inversion.steps.push_back(step);
  for (std::size_t i = 0; i < path.size(); ++i) {
    const std::size_t position = i + 1;  // in the cycle, counting the closing step as 0
    if (elide && position >= kept && position < length - kept) continue;
    inversion.steps.push_back(*path[i]);
  }
  inversion.omitted_steps = length - inversion.steps.size();
  return inversion;
}

void LockOrderGraph::forget(std::uint64_t lock_id) {
  std::lock_guard guard(mutex_);
  const auto it = nodes_.find(lock_id);
  if (it == nodes_.end()) return;
  Node& gone = it->second;
  const auto drop_source = [&](std::vector<std::uint64_t>& sources) {
    if (const auto at = std::find(sources.begin(), sources.end(), lock_id); at != sources.end()) sources.erase(at);
  };
  for (const Edge& edge : gone.out) {
    drop_source(nodes_.at(edge.to).in);
    unremember({lock_id, edge.to});
  }
  for (const Edge& edge : gone.inverted_out) {
    drop_source(nodes_.at(edge.to).inverted_in);
    unremember({lock_id, edge.to});
  }
  const auto to_gone = [lock_id](const Edge& edge) { return edge.to == lock_id; };
  for (const std::uint64_t source : gone.in) std::erase_if(nodes_.at(source).out, to_gone);
  for (const std::uint64_t source : gone.inverted_in) std::erase_if(nodes_.at(source).inverted_out, to_gone);
  for (const std::uint64_t source : gone.in) unremember({source, lock_id});
  for (const std::uint64_t source : gone.inverted_in) unremember({source, lock_id});
  nodes_.erase(it);
}

}  // namespace threadlab::detail
