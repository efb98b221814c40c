#pragma once
// The events of a Chrome Trace Event JSON file, one appended at a time as
// text (a 10-minute session has hundreds of thousands: no JSON tree is
// built). Times are steady_clock nanoseconds, written as microseconds from
// `origin` with three decimals, clamped into [origin, end].

#include <cstdint>
#include <string>
#include <string_view>

namespace threadlab::app {

// `text` as a JSON string, quotes included.
std::string json_string(std::string_view text);

class TraceEvents {
 public:
  TraceEvents(std::int64_t pid, std::int64_t origin_ns, std::int64_t end_ns);

  // "M": process_name (tid 0: the process), thread_name, thread_sort_index.
  void metadata(std::int64_t tid, std::string_view name, std::string_view args_json);
  // "X" from begin to end; nothing when end <= begin. args_json: "" or an object.
  void slice(std::int64_t tid, std::string_view name, std::string_view category, std::int64_t begin_ns,
             std::int64_t end_ns, std::string_view args_json);
  // "s" on `from` at `from_ns`, "f" (bound to the enclosing slice) on `to` at `to_ns`.
  void flow(std::uint64_t id, std::int64_t from, std::int64_t from_ns, std::int64_t to, std::int64_t to_ns,
            std::string_view name, std::string_view detail);
  // "C": one series per key of args_json.
  void counter(std::string_view name, std::int64_t at_ns, std::string_view args_json);
  // "i": on a thread (tid), or on the whole process (tid 0).
  void instant(std::int64_t tid, std::string_view name, std::string_view category, std::int64_t at_ns,
               std::string_view args_json);

  std::size_t count() const { return count_; }
  // The whole file: {"traceEvents":[...],"displayTimeUnit":"ms","metadata":...}.
  std::string finish(std::string_view metadata_json);

 private:
  std::string time(std::int64_t ns) const;
  void open(std::string_view phase, std::int64_t tid, std::int64_t at_ns);

  std::string text_;
  std::int64_t pid_, origin_ns_, end_ns_;
  std::size_t count_ = 0;
};

}  // namespace threadlab::app
