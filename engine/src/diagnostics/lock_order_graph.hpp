#pragma once
// The acquired-before graph behind lock_order.hpp: one edge held -> wanted
// per order seen, with the first thread seen taking it.
//
// Costs, so that the graph keeps pace with a program that nests many Locks:
//   - An order already known costs a lookup in one of `shard_count` hashed
//     sets, under that shard's mutex only: no search, no global mutex.
//   - A new order takes the graph's mutex. The graph keeps a topological
//     order of its Locks (Pearce and Kelly's dynamic topological sort,
//     "A dynamic topological sort algorithm for directed acyclic graphs",
//     2006): an order that agrees with it (most do: a Lock starts with its
//     id, so Locks taken in creation order need no search) is added at once;
//     one that does not searches only the Locks placed between the two, and
//     moves them. The search is iterative, so a long cycle cannot overflow
//     the stack.
//   - An order that closes a cycle is reported and kept out of the order
//     (it is known, so it is reported once), as lockdep does.

#include <array>
#include <cstdint>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "threadlab/diagnostics/lock_order.hpp"

namespace threadlab::detail {

class LockOrderGraph {
 public:
  // Whether from -> to was seen before (in the order, or reported).
  bool knows(std::uint64_t from, std::uint64_t to) const;
  // Adds the order of `step` (step.held before step.wanted). When it closes a
  // cycle, returns the inversion: `step`, then the earlier orders from
  // step.wanted back to step.held, bounded as lock_order.hpp says.
  std::optional<LockOrderInversion> add(const LockOrderStep& step);
  // A destroyed Lock's orders go with it.
  void forget(std::uint64_t lock_id);

 private:
  struct Edge {
    std::uint64_t to = 0;
    LockOrderStep witness;
  };
  struct Node {
    std::int64_t order = 0;           // place in the topological order
    std::vector<Edge> out;            // orders that agree with the topological order
    std::vector<Edge> inverted_out;   // orders reported as closing a cycle
    std::vector<std::uint64_t> in;           // sources of `out` edges into this Lock
    std::vector<std::uint64_t> inverted_in;  // sources of `inverted_out` edges into it
    std::uint64_t mark = 0;           // search epoch that last visited this Lock
    const Edge* via = nullptr;        // forward search: the edge that reached it
    std::uint64_t via_from = 0;       // ... and where that edge starts
  };
  struct Key {
    std::uint64_t from, to;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key& key) const noexcept {
      return static_cast<std::size_t>((key.from * 0x9E3779B97F4A7C15ull) ^ (key.to + (key.to << 17)));
    }
  };
  static constexpr std::size_t shard_count = 64;
  struct Shard {
    mutable std::mutex mutex;
    std::unordered_set<Key, KeyHash> keys;
  };

  Shard& shard_of(const Key& key) const { return shards_[KeyHash{}(key) % shard_count]; }
  void remember(const Key& key);
  void unremember(const Key& key);
  Node& node(std::uint64_t id);
  // Searches from `wanted` for `held` among the Locks placed before `held`;
  // fills `reached` with the Locks it visited. True when it found `held`.
  bool search_forward(std::uint64_t wanted, std::uint64_t held, std::vector<std::uint64_t>& reached);
  void search_backward(std::uint64_t held, std::int64_t lower, std::vector<std::uint64_t>& reached);
  void reorder(std::vector<std::uint64_t>& backward, std::vector<std::uint64_t>& forward);
  LockOrderInversion inversion_of(const LockOrderStep& step);

  mutable std::array<Shard, shard_count> shards_;
  std::mutex mutex_;  // the nodes below; taken before a shard's, never after
  std::unordered_map<std::uint64_t, Node> nodes_;
  std::uint64_t epoch_ = 0;
};

}  // namespace threadlab::detail
