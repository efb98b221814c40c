#pragma once
// What the tutorial's listings share: time.ctime(time.time()) and
// time.sleep(delay), with the delays scaled by the program's first argument
// so that a test can run a listing in a fraction of its 20 seconds.

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <thread>

namespace tutorial {

// The first argument, a positive factor for every delay (default 1: the
// tutorial's own seconds). Anything else: one line and exit 2.
inline double delay_scale(int argc, char** argv) {
  if (argc < 2) return 1.0;
  char* end = nullptr;
  const double scale = std::strtod(argv[1], &end);
  if (argc > 2 || end == argv[1] || *end != '\0' || !(scale > 0.0 && scale <= 10.0)) {
    std::fprintf(stderr, "usage: %s [DELAY_SCALE in (0, 10]]\n", argv[0]);
    std::exit(2);
  }
  return scale;
}

// time.sleep(seconds * scale).
inline void sleep(double seconds, double scale) {
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds * scale));
}

// time.ctime(time.time()): "Thu Jan 22 15:42:17 2009".
inline std::string ctime_now() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char text[64];
  std::strftime(text, sizeof text, "%a %b %e %H:%M:%S %Y", &local);
  return text;
}

// print "%s: %s" % (threadName, time.ctime(time.time())): one line, written
// whole, so that two threads' lines never interleave mid-line.
inline void print_line(const std::string& text) {
  std::printf("%s\n", text.c_str());
  std::fflush(stdout);
}

}  // namespace tutorial
