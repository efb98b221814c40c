#pragma once
// The benchmark's lines on stdout, each "threadlab bench: ...", and its
// progress lines ("threadlab bench: speedup:  10%  detail").

#include <fmt/format.h>

#include <string>

#include "process/progress_lines.hpp"
#include "process/signals.hpp"

namespace threadlab::app {

inline void say(const std::string& line) { signals::print_stdout(fmt::format("threadlab bench: {}\n", line)); }

inline ProgressLines bench_progress(std::string name) {
  return ProgressLines([name = std::move(name)](int percent, const std::string& detail) {
    return fmt::format("threadlab bench: {}: {:3d}%{}{}\n", name, percent, detail.empty() ? "" : "  ", detail);
  });
}

}  // namespace threadlab::app
