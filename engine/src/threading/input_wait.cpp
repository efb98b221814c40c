#include "threadlab/threading/input_wait.hpp"

#include <chrono>

#include "diagnostics/timeline_internal.hpp"
#include "registry_internal.hpp"

namespace threadlab {

const char* to_string(InputSource source) { return source == InputSource::pipe ? "pipe" : "socket"; }

namespace {
std::int64_t now_ns() { return detail::to_ns(std::chrono::steady_clock::now()); }
}  // namespace

InputWaitScope::InputWaitScope(InputSource source) : resume_(timeline_marked_state()) {
  detail::ThreadRecord& record = detail::current_record();
  restore_running_ = record.state.load(std::memory_order_relaxed) == ThreadState::running;
  if (restore_running_) {
    record.input_source.store(source, std::memory_order_relaxed);
    record.state.store(ThreadState::waiting_for_input, std::memory_order_relaxed);
  }
  if (timeline_recording()) detail::timeline_record_state(record, TimelineState::input_wait, now_ns());
}

InputWaitScope::~InputWaitScope() {
  detail::ThreadRecord& record = detail::current_record();
  if (restore_running_) record.state.store(ThreadState::running, std::memory_order_relaxed);
  if (timeline_recording()) detail::timeline_record_state(record, resume_, now_ns());
}

}  // namespace threadlab
