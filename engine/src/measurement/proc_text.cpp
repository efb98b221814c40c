#include "threadlab/measurement/proc_text.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <system_error>

namespace threadlab {
namespace {

bool is_separator(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Whitespace-separated tokens of one line, without allocating.
class Tokens {
 public:
  explicit Tokens(std::string_view text) : rest_(text) {}

  std::optional<std::string_view> next() {
    std::size_t begin = 0;
    while (begin < rest_.size() && is_separator(rest_[begin])) ++begin;
    if (begin == rest_.size()) return std::nullopt;
    std::size_t end = begin;
    while (end < rest_.size() && !is_separator(rest_[end])) ++end;
    const std::string_view token = rest_.substr(begin, end - begin);
    rest_.remove_prefix(end);
    return token;
  }

 private:
  std::string_view rest_;
};

// The whole token must be a number: "12x" and "" are not.
template <typename Number>
std::optional<Number> to_number(std::string_view token) {
  Number value{};
  const char* const end = token.data() + token.size();
  const auto [stop, error] = std::from_chars(token.data(), end, value);
  if (error != std::errc{} || stop != end || token.empty()) return std::nullopt;
  return value;
}

// "cpu" is the aggregate line and "cpuN" core N; anything else (say a
// future "cpufreq" line) is some other kind of line.
bool is_cpu_line_name(std::string_view name) {
  return name.starts_with("cpu") && (name.size() == 3 || all_digits(name.substr(3)));
}

// Parses "cpuN user nice system idle iowait irq softirq steal [guest guest_nice]".
// Kernels before 2.6 print only the first four counters; the rest stay 0.
// guest and guest_nice are already included in user and nice, so they are
// not read (counting them again would inflate busy time).
std::optional<CoreTimes> parse_cpu_line(std::string_view line) {
  Tokens tokens(line);
  const std::string_view name = tokens.next().value_or("");
  CoreTimes times;
  if (name.size() > 3) {
    const auto core = to_number<int>(name.substr(3));
    if (!core) return std::nullopt;
    times.core = *core;
  }
  const std::array<std::uint64_t*, 8> counters = {&times.user,    &times.nice,   &times.system,
                                                  &times.idle,    &times.iowait, &times.irq,
                                                  &times.softirq, &times.steal};
  std::size_t parsed = 0;
  while (parsed < counters.size()) {
    const auto token = tokens.next();
    if (!token) break;
    const auto value = to_number<std::uint64_t>(*token);
    if (!value) return std::nullopt;
    *counters[parsed++] = *value;
  }
  if (parsed < 4) return std::nullopt;
  return times;
}

double utilisation(const CoreTimes& before, const CoreTimes& after) {
  const std::uint64_t busy =
      forward_delta(before.user, after.user) + forward_delta(before.nice, after.nice) +
      forward_delta(before.system, after.system) + forward_delta(before.irq, after.irq) +
      forward_delta(before.softirq, after.softirq) + forward_delta(before.steal, after.steal);
  const std::uint64_t total = busy + forward_delta(before.idle, after.idle) +
                              forward_delta(before.iowait, after.iowait);
  if (total == 0) return 0.0;
  return std::clamp(static_cast<double>(busy) / static_cast<double>(total), 0.0, 1.0);
}

}  // namespace

std::uint64_t forward_delta(std::uint64_t before, std::uint64_t after) { return after > before ? after - before : 0; }

bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<ProcStat> parse_proc_stat(std::string_view text) {
  ProcStat stat;
  bool have_aggregate = false;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);

    const std::string_view name = Tokens(line).next().value_or("");
    if (!is_cpu_line_name(name)) continue;
    const auto times = parse_cpu_line(line);
    if (!times) return std::nullopt;
    if (times->core >= 0) {
      stat.cores.push_back(*times);
    } else {
      if (have_aggregate) return std::nullopt;
      stat.all = *times;
      have_aggregate = true;
    }
  }
  if (!have_aggregate) return std::nullopt;
  std::sort(stat.cores.begin(), stat.cores.end(),
            [](const CoreTimes& a, const CoreTimes& b) { return a.core < b.core; });
  const auto duplicate = std::adjacent_find(
      stat.cores.begin(), stat.cores.end(),
      [](const CoreTimes& a, const CoreTimes& b) { return a.core == b.core; });
  if (duplicate != stat.cores.end()) return std::nullopt;
  return stat;
}

// Format: "tid (comm) state ppid ..." where field 14 is utime, 15 stime and
// 39 processor. comm may itself contain spaces and ')', so it ends at the
// LAST ')'. Kernels before 2.2.8 lack "processor": last_core stays -1.
std::optional<TaskStat> parse_task_stat(std::string_view text) {
  const std::size_t open = text.find('(');
  const std::size_t close = text.rfind(')');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) {
    return std::nullopt;
  }
  TaskStat stat;
  const auto tid = Tokens(text.substr(0, open)).next();
  if (!tid || !all_digits(*tid)) return std::nullopt;
  const auto tid_value = to_number<std::int64_t>(*tid);
  if (!tid_value) return std::nullopt;
  stat.tid = *tid_value;
  stat.comm = std::string(text.substr(open + 1, close - open - 1));

  Tokens fields(text.substr(close + 1));
  const auto state = fields.next();
  if (!state || state->size() != 1) return std::nullopt;
  stat.state = state->front();

  constexpr int utime_field = 14, stime_field = 15, processor_field = 39;
  int field = 3;  // the state
  while (field < processor_field) {
    const auto token = fields.next();
    if (!token) break;
    ++field;
    if (field == utime_field || field == stime_field) {
      const auto ticks = to_number<std::uint64_t>(*token);
      if (!ticks) return std::nullopt;
      (field == utime_field ? stat.utime : stat.stime) = *ticks;
    } else if (field == processor_field) {
      const auto core = to_number<int>(*token);
      if (!core) return std::nullopt;
      stat.last_core = *core;
    }
  }
  if (field < stime_field) return std::nullopt;
  return stat;
}

std::optional<TaskSchedstat> parse_task_schedstat(std::string_view text) {
  Tokens tokens(text);
  std::array<std::uint64_t, 3> values{};
  for (std::uint64_t& value : values) {
    const auto token = tokens.next();
    if (!token) return std::nullopt;
    const auto number = to_number<std::uint64_t>(*token);
    if (!number) return std::nullopt;
    value = *number;
  }
  if (tokens.next()) return std::nullopt;  // not the three-field format this reads
  return TaskSchedstat{values[0], values[1], values[2]};
}

std::vector<double> core_utilisation(const ProcStat& before, const ProcStat& after) {
  std::vector<double> loads;
  loads.reserve(after.cores.size());
  for (std::size_t i = 0; i < after.cores.size(); ++i) {
    const CoreTimes& now = after.cores[i];
    // Cores are matched by number, not position: one may have gone offline.
    const CoreTimes* then = nullptr;
    if (i < before.cores.size() && before.cores[i].core == now.core) {
      then = &before.cores[i];
    } else {
      const auto found = std::find_if(before.cores.begin(), before.cores.end(),
                                      [&](const CoreTimes& c) { return c.core == now.core; });
      if (found != before.cores.end()) then = &*found;
    }
    loads.push_back(then != nullptr ? utilisation(*then, now) : 0.0);
  }
  return loads;
}

double total_utilisation(const ProcStat& before, const ProcStat& after) {
  return utilisation(before.all, after.all);
}

}  // namespace threadlab
