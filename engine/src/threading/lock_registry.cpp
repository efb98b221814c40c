// Every live Lock, in creation order and by id: a Lock joins the registry
// as it is made and leaves it as it goes; all_locks() and the lock-order
// graph's look-ups by id read it.
#include <algorithm>
#include <iterator>
#include <mutex>
#include <unordered_map>

#include "diagnostics/lock_order_internal.hpp"
#include "registry_internal.hpp"
#include "threadlab/threading/lock.hpp"

namespace threadlab {
namespace {

struct LockRegistry {
  std::mutex mutex;
  std::vector<const Lock*> live;  // creation order
  std::unordered_map<std::uint64_t, const Lock*> by_id;  // the same, for the lock-order graph's lookups
  std::atomic<std::uint64_t> next_id{1};
};

LockRegistry& lock_registry() {
  static auto* instance = new LockRegistry;  // Locks in static storage may outlive a local static
  return *instance;
}

}  // namespace

Lock::Lock(std::string name, LockPolicy policy)
    : id_(lock_registry().next_id.fetch_add(1)),
      name_(name.empty() ? "Lock-" + std::to_string(id_) : std::move(name)),
      policy_(policy) {
  auto& reg = lock_registry();
  std::lock_guard guard(reg.mutex);
  reg.live.push_back(this);
  reg.by_id.emplace(id_, this);
}

Lock::~Lock() {
  {
    auto& reg = lock_registry();
    std::lock_guard guard(reg.mutex);
    // Locks mostly go in the reverse order they came: look from the end.
    if (const auto it = std::find(reg.live.rbegin(), reg.live.rend(), this); it != reg.live.rend())
      reg.live.erase(std::next(it).base());
    reg.by_id.erase(id_);
  }
  detail::forget_lock_order(id_);
}

std::vector<LockStats> all_locks() {
  std::vector<LockStats> out;
  {
    auto& reg = lock_registry();
    std::lock_guard guard(reg.mutex);
    out.reserve(reg.live.size());
    for (const Lock* lock : reg.live) out.push_back(lock->stats_without_names());
  }
  // Names come from the thread registry, asked only after this one's mutex
  // is released: the two registries never nest.
  for (auto& stats : out) {
    if (stats.holder_native_id != 0) stats.holder_name = detail::thread_name_by_native_id(stats.holder_native_id);
  }
  return out;
}

namespace detail {
std::string lock_name_by_id(std::uint64_t lock_id) {
  auto& reg = lock_registry();
  std::lock_guard guard(reg.mutex);
  const auto it = reg.by_id.find(lock_id);
  return it == reg.by_id.end() ? std::string{} : it->second->name();
}

std::string name_if_held_by(std::uint64_t lock_id, std::int64_t native_id) {
  auto& reg = lock_registry();
  std::lock_guard guard(reg.mutex);
  const auto it = reg.by_id.find(lock_id);
  if (it == reg.by_id.end()) return {};
  const Lock* lock = it->second;
  return lock->holder_native_id_.load(std::memory_order_relaxed) == native_id ? lock->name() : std::string{};
}
}  // namespace detail

}  // namespace threadlab
