#pragma once
// The exit codes every command shares, besides 0, 1 (it ran and failed) and
// 128 + a signal (signals.hpp's interrupted_exit_code).

namespace threadlab::app {

inline constexpr int exit_bad_usage = 2;  // bad flags, no display, no OpenGL 3.3

}  // namespace threadlab::app
