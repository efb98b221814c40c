#include "output/trace/trace_events.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace threadlab::app {

std::string json_string(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
        else out += c;
    }
  }
  return out + "\"";
}

TraceEvents::TraceEvents(std::int64_t pid, std::int64_t origin_ns, std::int64_t end_ns)
    : pid_(pid), origin_ns_(origin_ns), end_ns_(std::max(origin_ns, end_ns)) {
  text_ = "{\"traceEvents\":[\n";
}

std::string TraceEvents::time(std::int64_t ns) const {
  const std::int64_t relative = std::clamp(ns, origin_ns_, end_ns_) - origin_ns_;
  return fmt::format("{}.{:03}", relative / 1000, relative % 1000);
}

void TraceEvents::open(std::string_view phase, std::int64_t tid, std::int64_t at_ns) {
  if (count_++ > 0) text_ += ",\n";
  text_ += fmt::format(R"({{"ph":"{}","pid":{},"tid":{},"ts":{})", phase, pid_, tid == 0 ? pid_ : tid, time(at_ns));
}

void TraceEvents::metadata(std::int64_t tid, std::string_view name, std::string_view args_json) {
  if (count_++ > 0) text_ += ",\n";
  text_ += fmt::format(R"({{"ph":"M","pid":{},"tid":{},"name":"{}","args":{}}})", pid_, tid == 0 ? pid_ : tid, name,
                       args_json);
}

void TraceEvents::slice(std::int64_t tid, std::string_view name, std::string_view category, std::int64_t begin_ns,
                        std::int64_t end_ns, std::string_view args_json) {
  begin_ns = std::clamp(begin_ns, origin_ns_, end_ns_);
  end_ns = std::clamp(end_ns, origin_ns_, end_ns_);
  if (end_ns <= begin_ns) return;
  open("X", tid, begin_ns);
  text_ += fmt::format(R"(,"dur":{},"name":{},"cat":"{}")", time(origin_ns_ + (end_ns - begin_ns)), json_string(name),
                       category);
  if (!args_json.empty()) text_ += fmt::format(R"(,"args":{})", args_json);
  text_ += "}";
}

void TraceEvents::flow(std::uint64_t id, std::int64_t from, std::int64_t from_ns, std::int64_t to, std::int64_t to_ns,
                       std::string_view name, std::string_view detail) {
  const std::string args = fmt::format(R"({{"lock":{}}})", json_string(detail));
  open("s", from, from_ns);
  text_ += fmt::format(R"(,"id":{},"cat":"lock","name":{},"args":{}}})", id, json_string(name), args);
  open("f", to, to_ns);
  text_ += fmt::format(R"(,"bp":"e","id":{},"cat":"lock","name":{},"args":{}}})", id, json_string(name), args);
}

void TraceEvents::counter(std::string_view name, std::int64_t at_ns, std::string_view args_json) {
  open("C", 0, at_ns);
  text_ += fmt::format(R"(,"name":{},"args":{}}})", json_string(name), args_json);
}

void TraceEvents::instant(std::int64_t tid, std::string_view name, std::string_view category, std::int64_t at_ns,
                          std::string_view args_json) {
  open("i", tid, at_ns);
  text_ += fmt::format(R"(,"s":"{}","name":{},"cat":{},"args":{}}})", tid == 0 ? "p" : "t", json_string(name),
                       json_string(category), args_json);
}

std::string TraceEvents::finish(std::string_view metadata_json) {
  text_ += fmt::format("\n],\"displayTimeUnit\":\"ms\",\"metadata\":{}}}\n", metadata_json);
  return std::move(text_);
}

}  // namespace threadlab::app
