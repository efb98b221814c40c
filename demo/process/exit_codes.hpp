#pragma once
// The exit codes every command shares, besides 0, 1 (it ran and failed) and
// 128 + a signal (signals.hpp's interrupted_exit_code).

namespace threadlab::app {

inline constexpr int exit_bad_usage = 2;  // bad flags, no display, no OpenGL 3.3
// A scenario cut short by its time limit, or stopped and resumed (Ctrl+Z,
// fg): it wrote its figures so far with "cut": true, which are no whole result.
inline constexpr int exit_run_cut = 3;

}  // namespace threadlab::app
