#pragma once
// What the Lab tests share: a small Lab that finishes a job quickly, and a
// count of the live threads whose names start with a prefix.

#include <algorithm>
#include <cstddef>
#include <string>

#include "threadlab/lab/lab.hpp"
#include "threadlab/threading/registry.hpp"

namespace threadlab::test {

// Two workers on a 96x64 Mandelbrot image, one job (no zoom after it).
inline LabSettings small_lab_settings(Mode mode) {
  LabSettings settings;
  settings.mode = mode;
  settings.workers = 2;
  settings.image_width = 96;
  settings.image_height = 64;
  settings.auto_zoom = false;
  // Normal priority: at idle, workers get nothing on a machine whose cores
  // other programs keep busy, and a test would wait on them for ever.
  settings.priority = WorkerPriority::normal;
  return settings;
}

// Alive threads (threading.enumerate()) whose names start with `prefix`.
inline std::size_t alive_with_prefix(const std::string& prefix) {
  const auto threads = enumerate();
  return static_cast<std::size_t>(std::count_if(threads.begin(), threads.end(), [&](const auto& info) {
    return info.name.rfind(prefix, 0) == 0;
  }));
}

}  // namespace threadlab::test
