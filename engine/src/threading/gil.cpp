#include "threadlab/threading/gil.hpp"

#include <stdexcept>
#include <stop_token>

#include "registry_internal.hpp"

namespace threadlab {

namespace {

bool calling_thread_stopping() {
  const std::stop_token* stop = detail::current_stop_token();
  return stop != nullptr && stop->stop_requested();
}

Gil::Interval checked_interval(Gil::Interval interval) {
  if (!(interval.count() > 0)) throw std::invalid_argument("GIL switch interval must be positive");
  return interval;
}

}  // namespace

Gil::Gil(Interval switch_interval, std::string lock_name)
    : switch_interval_(checked_interval(switch_interval)), lock_(std::move(lock_name)) {}

bool Gil::acquire() {
  while (true) {
    const std::uint64_t takes_before = takes_.load(std::memory_order_acquire);
    if (lock_.acquire(true, switch_interval_)) break;
    if (calling_thread_stopping()) return false;
    // A whole interval went by and nobody else took the GIL either: the
    // holder is computing and would never let go on its own.
    if (takes_.load(std::memory_order_acquire) == takes_before) drop_request_.store(true, std::memory_order_relaxed);
  }
  // The request, if any, is answered: whoever still waits asks again after
  // an interval of its own.
  drop_request_.store(false, std::memory_order_relaxed);
  {
    std::lock_guard guard(switch_mutex_);
    last_holder_ = get_native_id();
    takes_.fetch_add(1, std::memory_order_release);
  }
  switched_.notify_all();
  return true;
}

void Gil::release() { lock_.release(); }

bool Gil::yield_if_requested() {
  if (!drop_request_.load(std::memory_order_relaxed)) return true;
  const std::int64_t me = get_native_id();
  forced_switches_.fetch_add(1, std::memory_order_relaxed);
  lock_.release();
  {
    // Queueing again at once would let a barging Lock hand the GIL straight
    // back to us; wait for the switch, as CPython's FORCE_SWITCHING does.
    std::unique_lock guard(switch_mutex_);
    const std::stop_token* stop = detail::current_stop_token();
    const auto handed_over = [&] { return last_holder_ != me; };
    if (stop) switched_.wait_for(guard, *stop, switch_interval_, handed_over);
    else switched_.wait_for(guard, switch_interval_, handed_over);
  }
  return acquire();
}

}  // namespace threadlab
