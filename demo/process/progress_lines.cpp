#include "process/progress_lines.hpp"

#include <algorithm>

#include "process/signals.hpp"

namespace threadlab::app {

void ProgressLines::update(double fraction, const std::string& detail) {
  const int tenth = static_cast<int>(std::clamp(fraction, 0.0, 1.0) * 10);
  if (tenth <= last_tenth_) return;
  last_tenth_ = tenth;
  signals::print_stdout(line_(tenth * 10, detail));
}

}  // namespace threadlab::app
