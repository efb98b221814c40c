#pragma once
// Timeouts as Python's threading takes them: seconds, as a double
// (std::chrono::duration<double>); an empty optional waits forever.
//
//   Thread::join(t), Event::wait(t)  a negative t is 0: one look, no wait
//   Lock::acquire(true, t)           t = -1 s waits forever, as timeout=-1
//                                    does; any other negative t throws
//                                    std::invalid_argument
//   any of them, t NaN               std::invalid_argument (Python: ValueError)
//   any of them, t > TIMEOUT_MAX     std::overflow_error (Python: OverflowError),
//                                    infinity included
//
// The arguments are checked before anything else: an invalid timeout is
// refused even when the call would not have had to wait.
//
// A timeout counts from the call, whatever other threads do: join(0.2) while
// another thread is in join() returns after 0.2 s.

namespace threadlab {

// The longest timeout accepted, in seconds: Python's threading.TIMEOUT_MAX on
// 64-bit Linux (about 292 years). A deadline past the end of the steady
// clock's range waits as long as the clock can count.
inline constexpr double TIMEOUT_MAX = 9223372036.0;
inline constexpr double timeout_max = TIMEOUT_MAX;  // the engine's own spelling

}  // namespace threadlab
