#include "threadlab/threading/registry.hpp"

#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <deque>
#include <vector>

#include "registry_internal.hpp"
#include "diagnostics/timeline_internal.hpp"

namespace threadlab {
namespace detail {
namespace {

constexpr std::size_t finished_history_limit = 64;

struct Registry {
  std::mutex mutex;
  std::vector<std::shared_ptr<ThreadRecord>> alive;  // main thread first, then start order
  std::deque<ThreadInfo> finished;                   // newest first
  std::atomic<std::uint64_t> next_thread_number{1};
  std::atomic<std::uint64_t> next_dummy_number{1};
};

// Never destroyed: a thread from start_new_thread may still be ending while
// the process runs its static destructors.
Registry& registry() {
  static auto* instance = new Registry;
  return *instance;
}

std::int64_t kernel_tid() { return static_cast<std::int64_t>(::syscall(SYS_gettid)); }

bool on_main_thread() { return kernel_tid() == static_cast<std::int64_t>(::getpid()); }

ThreadInfo snapshot(const ThreadRecord& record) {
  ThreadInfo info;
  info.name = record.name();
  info.ident = record.ident.load(std::memory_order_relaxed);
  info.native_id = record.native_id.load(std::memory_order_relaxed);
  info.daemon = record.daemon.load(std::memory_order_relaxed);
  info.is_main = record.is_main;
  info.started_by_engine = record.started_by_engine;
  info.state = record.state.load(std::memory_order_relaxed);
  info.alive = info.state == ThreadState::running || info.state == ThreadState::waiting_for_lock ||
               info.state == ThreadState::waiting_for_input;
  if (info.state == ThreadState::waiting_for_input)
    info.waiting_for_input = to_string(record.input_source.load(std::memory_order_relaxed));
  info.waiting_for_lock_id =
      info.state == ThreadState::waiting_for_lock ? record.waiting_for_lock_id.load(std::memory_order_relaxed) : 0;
  info.started_at = from_ns(record.started_at_ns.load(std::memory_order_relaxed));
  info.finished_at = from_ns(record.finished_at_ns.load(std::memory_order_relaxed));
  info.items_done = record.items_done.load(std::memory_order_relaxed);
  return info;
}

// Lock names are resolved after the registry mutex is released: lock.cpp's
// registry calls back into this one, and the two must never nest both ways.
void resolve_lock_names(std::vector<ThreadInfo>& infos) {
  for (auto& info : infos) {
    if (info.waiting_for_lock_id != 0) info.waiting_for_lock = lock_name_by_id(info.waiting_for_lock_id);
  }
}

void fill_identity(ThreadRecord& record) {
  record.ident.store(static_cast<std::uint64_t>(::pthread_self()), std::memory_order_relaxed);
  record.native_id.store(kernel_tid(), std::memory_order_relaxed);
  record.started_at_ns.store(to_ns(std::chrono::steady_clock::now()), std::memory_order_relaxed);
  record.state.store(ThreadState::running, std::memory_order_relaxed);
}

std::shared_ptr<ThreadRecord> make_main_record() {
  auto record = std::make_shared<ThreadRecord>("MainThread");
  record->is_main = true;
  record->ident.store(0, std::memory_order_relaxed);
  record->native_id.store(static_cast<std::int64_t>(::getpid()), std::memory_order_relaxed);
  record->started_at_ns.store(to_ns(std::chrono::steady_clock::now()), std::memory_order_relaxed);
  record->state.store(ThreadState::running, std::memory_order_relaxed);
  return record;
}

// The main thread's record exists from static initialisation on, which runs
// on the main thread: that is when its ident (pthread_self) can be read.
std::shared_ptr<ThreadRecord>& main_record() {
  static std::shared_ptr<ThreadRecord> record = [] {
    auto made = make_main_record();
    if (on_main_thread()) made->ident.store(static_cast<std::uint64_t>(::pthread_self()), std::memory_order_relaxed);
    auto& reg = registry();
    std::lock_guard guard(reg.mutex);
    reg.alive.insert(reg.alive.begin(), made);
    return made;
  }();
  return record;
}
[[maybe_unused]] const bool main_registered_at_startup = (main_record(), true);

// A thread the engine did not start registers itself on first use and
// leaves the registry when it exits.
struct ForeignThreadRegistration {
  std::shared_ptr<ThreadRecord> record;
  ~ForeignThreadRegistration() {
    if (record) leave_thread(record);
  }
};

thread_local ThreadRecord* current = nullptr;
thread_local const std::stop_token* current_stop = nullptr;
thread_local ForeignThreadRegistration foreign;

}  // namespace

std::int64_t to_ns(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

std::chrono::steady_clock::time_point from_ns(std::int64_t ns) {
  return std::chrono::steady_clock::time_point(std::chrono::nanoseconds(ns));
}

std::string next_default_thread_name() {
  return "Thread-" + std::to_string(registry().next_thread_number.fetch_add(1));
}

ThreadRecord& current_record() {
  if (current != nullptr) return *current;
  if (on_main_thread()) {
    current = main_record().get();
    return *current;
  }
  auto record = std::make_shared<ThreadRecord>("Dummy-" + std::to_string(registry().next_dummy_number.fetch_add(1)));
  record->daemon.store(true, std::memory_order_relaxed);  // Python's _DummyThread is a daemon
  enter_thread(record, nullptr);
  foreign.record = record;
  return *current;
}

const std::stop_token* current_stop_token() noexcept { return current_stop; }

void enter_thread(const std::shared_ptr<ThreadRecord>& record, const std::stop_token* stop) {
  fill_identity(*record);
  current = record.get();
  current_stop = stop;
  auto& reg = registry();
  std::lock_guard guard(reg.mutex);
  reg.alive.push_back(record);
}

void leave_thread(const std::shared_ptr<ThreadRecord>& record) {
  const std::int64_t finished_at = to_ns(std::chrono::steady_clock::now());
  timeline_record_state(*record, TimelineState::finished, finished_at);
  record->finished_at_ns.store(finished_at, std::memory_order_relaxed);
  record->state.store(ThreadState::finished, std::memory_order_relaxed);
  ThreadInfo last = snapshot(*record);
  auto& reg = registry();
  {
    std::lock_guard guard(reg.mutex);
    std::erase(reg.alive, record);
    reg.finished.push_front(std::move(last));
    if (reg.finished.size() > finished_history_limit) reg.finished.pop_back();
  }
  timeline_keep_finished(record);
  if (current == record.get()) {
    current = nullptr;
    current_stop = nullptr;
  }
}

std::vector<std::shared_ptr<ThreadRecord>> alive_records() {
  main_record();
  auto& reg = registry();
  std::lock_guard guard(reg.mutex);
  return reg.alive;
}

std::string thread_name_by_native_id(std::int64_t native_id) {
  auto& reg = registry();
  std::lock_guard guard(reg.mutex);
  for (const auto& record : reg.alive) {
    if (record->native_id.load(std::memory_order_relaxed) == native_id) return record->name();
  }
  return {};
}

}  // namespace detail

std::string describe(ThreadState state, const std::string& what) {
  const std::string& lock_name = what;
  switch (state) {
    case ThreadState::created: return "not started";
    case ThreadState::running: return "running";
    case ThreadState::waiting_for_lock: return lock_name.empty() ? "waiting for a lock" : "waiting for lock " + lock_name;
    case ThreadState::waiting_for_input: return what.empty() ? "waiting for input" : "waiting for input: " + what;
    case ThreadState::finished: return "finished";
  }
  return "unknown";
}

std::size_t active_count() {
  detail::main_record();
  auto& reg = detail::registry();
  std::lock_guard guard(reg.mutex);
  return reg.alive.size();
}

ThreadInfo current_thread() {
  std::vector<ThreadInfo> one{detail::snapshot(detail::current_record())};
  detail::resolve_lock_names(one);
  return one.front();
}

ThreadInfo main_thread() { return detail::snapshot(*detail::main_record()); }

std::vector<ThreadInfo> enumerate() {
  detail::main_record();
  std::vector<ThreadInfo> infos;
  {
    auto& reg = detail::registry();
    std::lock_guard guard(reg.mutex);
    infos.reserve(reg.alive.size());
    for (const auto& record : reg.alive) infos.push_back(detail::snapshot(*record));
  }
  detail::resolve_lock_names(infos);
  return infos;
}

std::vector<ThreadInfo> recently_finished(std::size_t limit) {
  auto& reg = detail::registry();
  std::lock_guard guard(reg.mutex);
  const auto count = std::min(limit, reg.finished.size());
  return {reg.finished.begin(), reg.finished.begin() + static_cast<std::ptrdiff_t>(count)};
}

void report_item_done(std::uint64_t count) {
  auto& record = detail::current_record();
  record.items_done.fetch_add(count, std::memory_order_relaxed);
  // A work item is long (a tile, a segment: a millisecond or so): one clock
  // read for its mark on the timeline is lost in it.
  if (timeline_recording())
    detail::timeline_record_mark(record, detail::to_ns(std::chrono::steady_clock::now()), false);
}

std::uint64_t get_ident() { return static_cast<std::uint64_t>(::pthread_self()); }

std::int64_t get_native_id() { return detail::kernel_tid(); }

}  // namespace threadlab
