#pragma once
// One thread's timeline rings (thread_timeline.hpp): a single writer (the
// thread itself) and any number of readers (snapshots) that never block it.
//
// Why not a mutex: the writer is often inside Lock::acquire's slow path or
// a frame, and a reader holding a mutex there would become the very wait the
// timeline shows. Instead every slot word is an atomic, and a count of
// events written (`written_`) is published after each event: a reader reads
// the slots, then the count again, and drops the slots the writer may have
// overwritten meanwhile (seqlock-style, with release stores and acquire
// loads of the words instead of fences). All words are atomics, so there is
// no data race for ThreadSanitizer to find, and a torn slot is never used.
//
// The slots are allocated on the first event, by the writer, and published
// through an atomic pointer: most threads (the sampler, the probe) record
// nothing, and a thread that records nothing allocates nothing.

#include <algorithm>
#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace threadlab::detail {

template <std::size_t Words, std::size_t Capacity>
class TimelineRing {
 public:
  using Event = std::array<std::uint64_t, Words>;
  static constexpr std::size_t capacity = Capacity;

  TimelineRing() = default;
  ~TimelineRing() { delete[] slots_.load(std::memory_order_acquire); }
  TimelineRing(const TimelineRing&) = delete;
  TimelineRing& operator=(const TimelineRing&) = delete;

  // The owning thread only.
  void push(const Event& event) {
    Slot* slots = slots_.load(std::memory_order_relaxed);
    if (slots == nullptr) {
      slots = new Slot[Capacity];  // value-initialised: zeros
      slots_.store(slots, std::memory_order_release);
    }
    const std::uint64_t n = written_.load(std::memory_order_relaxed);
    // Release: a reader that reads any of the new words (an acquire) then
    // also sees the count as at least n, so it knows the slot was being
    // overwritten. (No fence: ThreadSanitizer does not model fences. On x86
    // a release store is a plain store, as a relaxed one.)
    Slot& slot = slots[n % Capacity];
    for (std::size_t i = 0; i < Words; ++i) slot[i].store(event[i], std::memory_order_release);
    written_.store(n + 1, std::memory_order_release);
  }

  // Any thread. Appends the newest events (at most Capacity - 1: the oldest
  // slot may be the one the writer is overwriting), newest first, until `keep`
  // returns false for one (that one is appended too: it says what state the
  // thread was in when the window began).
  template <class Keep>
  void read_newest_first(std::vector<Event>& out, Keep keep) const {
    const Slot* slots = slots_.load(std::memory_order_acquire);
    if (slots == nullptr) return;
    const std::uint64_t written = written_.load(std::memory_order_acquire);
    const std::uint64_t oldest = written > Capacity ? written - Capacity : 0;
    const std::size_t first_out = out.size();
    std::uint64_t index = written;
    while (index > oldest) {
      --index;
      Event event;
      const Slot& slot = slots[index % Capacity];
      for (std::size_t i = 0; i < Words; ++i) event[i] = slot[i].load(std::memory_order_acquire);
      out.push_back(event);
      if (!keep(event)) break;
    }
    // Slots the writer has started to overwrite since: index + Capacity <= now.
    const std::uint64_t now = written_.load(std::memory_order_acquire);
    const std::uint64_t first_valid = now >= Capacity ? now - Capacity + 1 : 0;
    // out[first_out + k] holds event index written - 1 - k.
    const std::uint64_t valid = written > first_valid ? written - first_valid : 0;
    if (out.size() - first_out > valid) out.resize(first_out + static_cast<std::size_t>(valid));
  }

  std::uint64_t written() const { return written_.load(std::memory_order_relaxed); }

 private:
  using Slot = std::array<std::atomic<std::uint64_t>, Words>;
  std::atomic<Slot*> slots_{nullptr};
  std::atomic<std::uint64_t> written_{0};
};

// A thread's two rings: state changes, and marks (frames, work items).
//   state event: {at_ns, state | acquired << 8 | lock_id << 16, holder_tid}
//   mark:        {at_ns << 1 | is_frame}
struct ThreadTimelineRings {
  // 8192 state changes: 4096 Lock waits, several seconds of the worst
  // contention scenario and far beyond 10 s of the main page's.
  TimelineRing<3, 8192> states;
  // 8192 marks: tiles are ~0.5-2 ms of work each, so 10 s of one worker.
  TimelineRing<1, 8192> marks;
};

}  // namespace threadlab::detail
