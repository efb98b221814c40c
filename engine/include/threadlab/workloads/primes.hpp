#pragma once
// Counting primes as a Job: a segmented sieve of Eratosthenes. An item is one
// segment of numbers; workers take segments from a queue under Lock
// "primes.segment-queue", sieve them with no lock held, and add what they
// found to the shared count under Lock "primes.count".
//
// A worker stopped after sieving a segment but before adding its count (its
// blocking acquire of the count Lock is refused) abandons that segment; the
// count can then never be complete, so the job cancels itself.

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "job.hpp"
#include "threadlab/threading/lock.hpp"

namespace threadlab {

// The two Locks of a primes job. A null one: the job makes its own. The Lab
// passes the same two to every job of a session (see MandelbrotLocks).
struct PrimesLocks {
  std::shared_ptr<Lock> segment_queue;  // "primes.segment-queue"
  std::shared_ptr<Lock> count;          // "primes.count"
};

class PrimesJob : public Job {
 public:
  // The base primes (those below sqrt(limit)) are sieved in one go and kept
  // in memory, so limits stop at 10^12 (hours of work on one core anyway).
  static constexpr std::uint64_t max_limit = 1'000'000'000'000ull;
  // 2e8 numbers make a few hundred segments.
  static constexpr std::uint64_t default_segment_size = 1u << 19;

  // Counts the primes p with 0 <= p < limit. Throws std::invalid_argument
  // when limit > max_limit or segment_size is 0.
  explicit PrimesJob(std::uint64_t limit, std::uint64_t segment_size = default_segment_size,
                     PrimesLocks locks = {});

  std::string name() const override;
  void work(std::stop_token stop) override;
  JobProgress progress() const override;
  void cancel() override;

  std::uint64_t limit() const { return limit_; }
  std::uint64_t segment_size() const { return segment_size_; }
  std::uint64_t segment_count() const { return segment_count_; }

  // Primes found so far (all of them once finished()). Reads under the count
  // Lock; 0 when the calling engine Thread is being stopped.
  std::uint64_t count() const;
  // The same without waiting: nullopt when a worker holds the count Lock
  // (counted as a failed try). For the render thread, which must not wait
  // on a worker that may be preempted while it holds the Lock.
  std::optional<std::uint64_t> try_count() const;
  bool finished() const { return progress().finished; }

  // Which thread sieved each segment: its kernel TID (get_native_id()), 0
  // while the segment is not done. Segments below segments_taken() that are
  // not done are being sieved now. Lock-free reads: for the UI's picture.
  std::vector<std::int64_t> segment_sievers() const;
  std::uint64_t segments_taken() const { return segments_taken_.load(std::memory_order_relaxed); }

  // Lock::id() of this job's locks (to find them in all_locks()).
  std::uint64_t segment_queue_lock_id() const { return segment_queue_lock_->id(); }
  std::uint64_t count_lock_id() const { return count_lock_->id(); }

 private:
  // Index of the next segment to sieve; nullopt when none is left. Both
  // throw ThreadStopped when the lock is refused because this engine Thread
  // is being stopped.
  std::optional<std::uint64_t> take_segment();
  void add_to_count(std::uint64_t segment, std::uint64_t primes_in_segment);
  // Primes in [low, high), using `composite` as scratch space.
  std::uint64_t sieve_segment(std::uint64_t low, std::uint64_t high,
                              std::vector<char>& composite) const;

  const std::uint64_t limit_;
  const std::uint64_t segment_size_;
  const std::uint64_t segment_count_;
  const std::vector<std::uint32_t> base_primes_;  // every prime p with p * p < limit

  const std::shared_ptr<Lock> segment_queue_lock_;
  std::uint64_t next_segment_ = 0;  // guarded by segment_queue_lock_

  const std::shared_ptr<Lock> count_lock_;
  std::uint64_t count_ = 0;  // guarded by count_lock_

  std::atomic<std::uint64_t> segments_done_{0};
  std::atomic<std::uint64_t> segments_taken_{0};  // mirrors next_segment_, for lock-free reads
  // One per segment: the TID of the thread that sieved it, 0 until then.
  std::unique_ptr<std::atomic<std::int64_t>[]> sievers_;
  std::atomic<bool> cancelled_{false};
};

}  // namespace threadlab
