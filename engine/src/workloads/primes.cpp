#include "threadlab/workloads/primes.hpp"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <stdexcept>

#include "threadlab/threading/registry.hpp"

namespace threadlab {

namespace {

std::uint64_t integer_sqrt(std::uint64_t n) {
  auto root = static_cast<std::uint64_t>(std::sqrt(static_cast<double>(n)));
  while (root * root > n) --root;
  while ((root + 1) * (root + 1) <= n) ++root;
  return root;
}

// Every prime p with p * p < limit, by a plain sieve of Eratosthenes.
std::vector<std::uint32_t> primes_with_square_below(std::uint64_t limit) {
  if (limit == 0) return {};
  const std::uint64_t largest = integer_sqrt(limit - 1);
  std::vector<char> composite(largest + 1, 0);
  std::vector<std::uint32_t> primes;
  for (std::uint64_t n = 2; n <= largest; ++n) {
    if (composite[n]) continue;
    primes.push_back(static_cast<std::uint32_t>(n));
    for (std::uint64_t multiple = n * n; multiple <= largest; multiple += n) composite[multiple] = 1;
  }
  return primes;
}

std::uint64_t checked_limit(std::uint64_t limit) {
  if (limit > PrimesJob::max_limit) {
    throw std::invalid_argument("primes limit " + std::to_string(limit) + " is above the maximum " +
                                std::to_string(PrimesJob::max_limit));
  }
  return limit;
}

std::uint64_t checked_segment_size(std::uint64_t segment_size) {
  if (segment_size == 0) throw std::invalid_argument("primes segment size must be positive");
  return segment_size;
}

}  // namespace

PrimesJob::PrimesJob(std::uint64_t limit, std::uint64_t segment_size, PrimesLocks locks)
    : limit_(checked_limit(limit)),
      segment_size_(checked_segment_size(segment_size)),
      segment_count_((limit_ + segment_size_ - 1) / segment_size_),
      base_primes_(primes_with_square_below(limit_)),
      segment_queue_lock_(locks.segment_queue ? std::move(locks.segment_queue)
                                              : std::make_shared<Lock>("primes.segment-queue")),
      count_lock_(locks.count ? std::move(locks.count) : std::make_shared<Lock>("primes.count")),
      sievers_(std::make_unique<std::atomic<std::int64_t>[]>(segment_count_)) {}

std::string PrimesJob::name() const { return "Primes below " + std::to_string(limit_); }

void PrimesJob::work(std::stop_token stop) {
  std::vector<char> composite;  // this worker's scratch space, reused for each segment
  work_through_queue(*this, stop, cancelled_, [this] { return take_segment(); },
                     [this, &composite](std::uint64_t segment) {
                       const std::uint64_t low = segment * segment_size_;
                       const std::uint64_t high = std::min(low + segment_size_, limit_);
                       const std::uint64_t found = sieve_segment(low, high, composite);  // no lock held
                       add_to_count(segment, found);
                       report_item_done();
                     });
}

std::optional<std::uint64_t> PrimesJob::take_segment() {
  Lock::Guard guard(*segment_queue_lock_);
  if (next_segment_ == segment_count_) return std::nullopt;
  segments_taken_.store(next_segment_ + 1, std::memory_order_relaxed);
  return next_segment_++;
}

void PrimesJob::add_to_count(std::uint64_t segment, std::uint64_t primes_in_segment) {
  Lock::Guard guard(*count_lock_);
  count_ += primes_in_segment;
  sievers_[segment].store(get_native_id(), std::memory_order_relaxed);
  segments_done_.fetch_add(1);
}

std::uint64_t PrimesJob::sieve_segment(std::uint64_t low, std::uint64_t high,
                                       std::vector<char>& composite) const {
  composite.assign(high - low, 0);
  for (const std::uint64_t prime : base_primes_) {
    if (prime * prime >= high) break;
    // Smaller multiples were crossed off by smaller primes.
    const std::uint64_t first = std::max(prime * prime, (low + prime - 1) / prime * prime);
    for (std::uint64_t multiple = first; multiple < high; multiple += prime) {
      composite[multiple - low] = 1;
    }
  }
  std::uint64_t primes = 0;
  for (std::uint64_t n = std::max<std::uint64_t>(low, 2); n < high; ++n) {
    primes += composite[n - low] == 0;
  }
  return primes;
}

JobProgress PrimesJob::progress() const {
  JobProgress progress;
  progress.items_done = segments_done_.load();
  progress.items_total = segment_count_;
  progress.finished = progress.items_done == progress.items_total;
  progress.cancelled = cancelled_.load() && !progress.finished;
  return progress;
}

void PrimesJob::cancel() { cancelled_.store(true); }

std::vector<std::int64_t> PrimesJob::segment_sievers() const {
  std::vector<std::int64_t> sievers(segment_count_);
  for (std::uint64_t i = 0; i < segment_count_; ++i) sievers[i] = sievers_[i].load(std::memory_order_relaxed);
  return sievers;
}

std::optional<std::uint64_t> PrimesJob::try_count() const {
  std::unique_lock<Lock> guard(*count_lock_, std::try_to_lock);
  if (!guard.owns_lock()) return std::nullopt;
  return count_;
}

std::uint64_t PrimesJob::count() const {
  Lock::Guard guard(*count_lock_);
  return count_;
}

}  // namespace threadlab
