#include "threadlab/lock.hpp"

#include <algorithm>
#include <bit>
#include <deque>
#include <stdexcept>

#include "registry_internal.hpp"

namespace threadlab {
namespace {

struct LockRegistry {
  std::mutex mutex;
  std::vector<const Lock*> live;  // creation order
  std::atomic<std::uint64_t> next_id{1};
};

LockRegistry& lock_registry() {
  static auto* instance = new LockRegistry;  // Locks in static storage may outlive a local static
  return *instance;
}

std::int64_t now_ns() { return detail::to_ns(std::chrono::steady_clock::now()); }

std::size_t histogram_bucket(std::chrono::nanoseconds wait) {
  const auto micros = static_cast<std::uint64_t>(std::max<std::int64_t>(wait.count() / 1000, 0));
  if (micros == 0) return 0;
  return std::min<std::size_t>(std::bit_width(micros) - 1, wait_histogram_buckets - 1);
}

// Counters that only the Lock's holder writes need no read-modify-write:
// holding the Lock already orders one holder's update before the next.
template <class T>
void holder_add(std::atomic<T>& counter, T amount) {
  counter.store(counter.load(std::memory_order_relaxed) + amount, std::memory_order_relaxed);
}

void check_timeout(const Lock::Timeout& timeout, bool blocking) {
  if (!timeout) return;
  if (!blocking) throw std::invalid_argument("can't specify a timeout for a non-blocking call");
  if (timeout->count() < 0) throw std::invalid_argument("timeout value must be a non-negative number");
}

// Marks the calling thread "waiting for lock L" in the registry while it waits.
class WaitingState {
 public:
  explicit WaitingState(std::uint64_t lock_id) : record_(detail::current_record()) {
    record_.waiting_for_lock_id.store(lock_id, std::memory_order_relaxed);
    record_.state.store(ThreadState::waiting_for_lock, std::memory_order_relaxed);
  }
  ~WaitingState() {
    record_.state.store(ThreadState::running, std::memory_order_relaxed);
    record_.waiting_for_lock_id.store(0, std::memory_order_relaxed);
  }
  WaitingState(const WaitingState&) = delete;
  WaitingState& operator=(const WaitingState&) = delete;

 private:
  detail::ThreadRecord& record_;
};

std::int64_t cached_native_id() {
  thread_local const std::int64_t native_id = get_native_id();
  return native_id;
}

}  // namespace

struct Lock::FifoWaiter {
  bool granted = false;
};

Lock::Lock(std::string name, LockPolicy policy)
    : id_(lock_registry().next_id.fetch_add(1)),
      name_(name.empty() ? "Lock-" + std::to_string(id_) : std::move(name)),
      policy_(policy) {
  auto& reg = lock_registry();
  std::lock_guard guard(reg.mutex);
  reg.live.push_back(this);
}

Lock::~Lock() {
  auto& reg = lock_registry();
  std::lock_guard guard(reg.mutex);
  std::erase(reg.live, this);
}

bool Lock::try_acquire_fast() noexcept {
  bool expected = false;
  return held_.compare_exchange_strong(expected, true, std::memory_order_seq_cst, std::memory_order_relaxed);
}

bool Lock::acquire(bool blocking) {
  if (try_acquire_fast()) {
    on_acquired(false, {});
    return true;
  }
  if (!blocking) {
    counters_.failed_tries.fetch_add(1, std::memory_order_relaxed);
    return false;
  }
  return acquire_slow(std::nullopt, true);
}

bool Lock::acquire(bool blocking, Timeout timeout) {
  check_timeout(timeout, blocking);
  if (try_acquire_fast()) {
    on_acquired(false, {});
    return true;
  }
  if (!blocking || (timeout && timeout->count() == 0)) {
    counters_.failed_tries.fetch_add(1, std::memory_order_relaxed);
    return false;
  }
  return acquire_slow(timeout, true);
}

void Lock::lock() {
  if (try_acquire_fast()) {
    on_acquired(false, {});
    return;
  }
  acquire_slow({}, false);
}

bool Lock::acquire_slow(Timeout timeout, bool stoppable) {
  const auto wait_began = std::chrono::steady_clock::now();
  std::optional<std::chrono::steady_clock::time_point> deadline;
  if (timeout) deadline = wait_began + std::chrono::duration_cast<std::chrono::steady_clock::duration>(*timeout);
  const std::stop_token* stop = stoppable ? detail::current_stop_token() : nullptr;

  WaitingState waiting(id_);
  // Barging: the count must rise before the last try, so that release()
  // knows to wake us. Fifo: release() always looks at the queue, and the
  // count rises once this thread is in it.
  if (policy_ == LockPolicy::barging) waiters_.fetch_add(1, std::memory_order_seq_cst);
  bool acquired = false;
  {
    std::unique_lock guard(wait_mutex_);
    if (policy_ == LockPolicy::barging) {
      const auto take = [this] {
        wake_pending_.store(false, std::memory_order_seq_cst);
        return try_acquire_fast();
      };
      if (stop && deadline) acquired = wait_cv_.wait_until(guard, *stop, *deadline, take);
      else if (stop) acquired = wait_cv_.wait(guard, *stop, take);
      else if (deadline) acquired = wait_cv_.wait_until(guard, *deadline, take);
      else {
        wait_cv_.wait(guard, take);
        acquired = true;
      }
    } else if (try_acquire_fast()) {
      acquired = true;
    } else {
      FifoWaiter me;
      fifo_queue_.push_back(&me);
      waiters_.fetch_add(1, std::memory_order_relaxed);
      const auto granted = [&me] { return me.granted; };
      if (stop && deadline) wait_cv_.wait_until(guard, *stop, *deadline, granted);
      else if (stop) wait_cv_.wait(guard, *stop, granted);
      else if (deadline) wait_cv_.wait_until(guard, *deadline, granted);
      else wait_cv_.wait(guard, granted);
      acquired = me.granted;
      if (!acquired) {
        std::erase(fifo_queue_, &me);
        waiters_.fetch_sub(1, std::memory_order_relaxed);
      }
    }
  }
  if (policy_ == LockPolicy::barging) {
    waiters_.fetch_sub(1, std::memory_order_relaxed);
    if (!acquired) {
      // A stop or a timeout may have ended the wait of the very thread a
      // release had just woken, before it cleared wake_pending_: pass it on.
      wake_pending_.store(false, std::memory_order_seq_cst);
      wait_cv_.notify_one();
    }
  }
  if (acquired) on_acquired(true, wait_began);
  else counters_.failed_tries.fetch_add(1, std::memory_order_relaxed);
  return acquired;
}

void Lock::on_acquired(bool waited, std::chrono::steady_clock::time_point wait_began) {
  holder_add(counters_.acquisitions, std::uint64_t{1});
  holder_native_id_.store(cached_native_id(), std::memory_order_relaxed);
  if (!waited) return;
  const auto now = std::chrono::steady_clock::now();
  holder_add(counters_.contended, std::uint64_t{1});
  record_wait(std::chrono::duration_cast<std::chrono::nanoseconds>(now - wait_began));
  timed_hold_began_ns_.store(detail::to_ns(now), std::memory_order_relaxed);
}

void Lock::record_wait(std::chrono::nanoseconds wait) noexcept {
  holder_add(counters_.total_wait_ns, wait.count());
  if (wait.count() > counters_.max_wait_ns.load(std::memory_order_relaxed))
    counters_.max_wait_ns.store(wait.count(), std::memory_order_relaxed);
  holder_add(counters_.histogram[histogram_bucket(wait)], std::uint64_t{1});
}

void Lock::release() {
  if (!held_.load(std::memory_order_relaxed)) throw std::runtime_error("release unlocked lock");
  if (const auto began = timed_hold_began_ns_.load(std::memory_order_relaxed); began != 0) {
    timed_hold_began_ns_.store(0, std::memory_order_relaxed);
    holder_add(counters_.total_hold_ns, now_ns() - began);
    holder_add(counters_.hold_samples, std::uint64_t{1});
  }
  holder_native_id_.store(0, std::memory_order_relaxed);

  if (policy_ == LockPolicy::fifo) {
    // Hand the Lock straight to the longest waiter: it stays held, so a
    // greedy thread that comes straight back has to queue behind the others.
    std::lock_guard guard(wait_mutex_);
    if (!fifo_queue_.empty()) {
      fifo_queue_.front()->granted = true;
      fifo_queue_.pop_front();
      waiters_.fetch_sub(1, std::memory_order_relaxed);
      wait_cv_.notify_all();
      return;
    }
    if (!held_.exchange(false, std::memory_order_seq_cst)) throw std::runtime_error("release unlocked lock");
    return;
  }

  if (!held_.exchange(false, std::memory_order_seq_cst)) throw std::runtime_error("release unlocked lock");
  // Wake one waiter, and no more until it has looked at the Lock (it clears
  // wake_pending_ before its try): a waiter woken at every release mostly
  // finds the Lock retaken and goes back to sleep, two context switches for
  // nothing. glibc's mutex throttles its futex wake-ups the same way.
  if (waiters_.load(std::memory_order_seq_cst) > 0 && !wake_pending_.load(std::memory_order_relaxed) &&
      !wake_pending_.exchange(true, std::memory_order_seq_cst)) {
    // Taking the mutex orders this release against a waiter between its
    // failed try and its sleep, so the wake-up cannot be lost.
    { std::lock_guard guard(wait_mutex_); }
    wait_cv_.notify_one();
  }
}

LockStats Lock::stats() const {
  LockStats out = stats_without_names();
  if (out.holder_native_id != 0) out.holder_name = detail::thread_name_by_native_id(out.holder_native_id);
  return out;
}

LockStats Lock::stats_without_names() const {
  LockStats out;
  out.id = id_;
  out.name = name_;
  out.policy = policy_;
  out.acquisitions = counters_.acquisitions.load(std::memory_order_relaxed);
  out.contended_acquisitions = counters_.contended.load(std::memory_order_relaxed);
  out.failed_tries = counters_.failed_tries.load(std::memory_order_relaxed);
  out.total_wait = std::chrono::nanoseconds(counters_.total_wait_ns.load(std::memory_order_relaxed));
  out.max_wait = std::chrono::nanoseconds(counters_.max_wait_ns.load(std::memory_order_relaxed));
  out.total_hold = std::chrono::nanoseconds(counters_.total_hold_ns.load(std::memory_order_relaxed));
  out.hold_samples = counters_.hold_samples.load(std::memory_order_relaxed);
  for (std::size_t i = 0; i < wait_histogram_buckets; ++i)
    out.wait_histogram[i] = counters_.histogram[i].load(std::memory_order_relaxed);
  out.locked = held_.load(std::memory_order_relaxed);
  out.holder_native_id = holder_native_id_.load(std::memory_order_relaxed);
  out.waiters = waiters_.load(std::memory_order_relaxed);
  return out;
}

void Lock::reset_stats() {
  counters_.acquisitions.store(0, std::memory_order_relaxed);
  counters_.contended.store(0, std::memory_order_relaxed);
  counters_.failed_tries.store(0, std::memory_order_relaxed);
  counters_.total_wait_ns.store(0, std::memory_order_relaxed);
  counters_.max_wait_ns.store(0, std::memory_order_relaxed);
  counters_.total_hold_ns.store(0, std::memory_order_relaxed);
  counters_.hold_samples.store(0, std::memory_order_relaxed);
  for (auto& bucket : counters_.histogram) bucket.store(0, std::memory_order_relaxed);
}

std::chrono::nanoseconds LockStats::wait_quantile(double q) const {
  std::uint64_t total = 0;
  for (auto count : wait_histogram) total += count;
  if (total == 0) return std::chrono::nanoseconds{0};
  const auto rank = static_cast<std::uint64_t>(std::clamp(q, 0.0, 1.0) * double(total));
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < wait_histogram.size(); ++i) {
    seen += wait_histogram[i];
    if (seen > rank || seen == total) {
      const auto upper_edge = std::chrono::microseconds(std::uint64_t{1} << (i + 1));
      return std::min<std::chrono::nanoseconds>(upper_edge, max_wait);
    }
  }
  return max_wait;
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

const char* to_string(LockPolicy policy) { return policy == LockPolicy::fifo ? "fifo" : "barging"; }

namespace detail {
std::string lock_name_by_id(std::uint64_t lock_id) {
  auto& reg = lock_registry();
  std::lock_guard guard(reg.mutex);
  for (const Lock* lock : reg.live) {
    if (lock->id() == lock_id) return lock->name();
  }
  return {};
}
}  // namespace detail

}  // namespace threadlab
