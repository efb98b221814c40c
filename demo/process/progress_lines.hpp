#pragma once
// Progress as lines on stdout, one each time a run passes a tenth of its
// way (0 %, 10 %, ... 100 %): readable in a terminal and in a CI log alike,
// and few enough not to flood either. Used by compare, scenario and bench.

#include <functional>
#include <string>

namespace threadlab::app {

class ProgressLines {
 public:
  // `line(percent, detail)` formats the line printed at each new tenth
  // (percent: 0, 10, ... 100); it is printed with print_stdout.
  using Format = std::function<std::string(int percent, const std::string& detail)>;
  explicit ProgressLines(Format line) : line_(std::move(line)) {}

  // fraction 0..1 (clamped); prints when it enters a tenth not printed yet.
  void update(double fraction, const std::string& detail = {});

 private:
  Format line_;
  int last_tenth_ = -1;
};

}  // namespace threadlab::app
