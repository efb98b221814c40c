// The points the e2e tests click in the real window (tests/e2e/lib.sh's
// click), read from the one file both use: tests/data/click_points.txt.
#pragma once

#include <imgui.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace threadlab::test {

// The point of the button `name` (x y in pixels from a 1600x900 window's
// top-left corner); throws if the file lacks it.
inline ImVec2 click_point(const std::string& name) {
  const std::string path = std::string(THREADLAB_TEST_DATA_DIR) + "/click_points.txt";
  std::ifstream file(path);
  if (!file) throw std::runtime_error("cannot read " + path);
  std::string line;
  while (std::getline(file, line)) {
    std::istringstream fields(line);
    std::string key;
    float x = 0;
    float y = 0;
    if (fields >> key >> x >> y && key == name) return ImVec2(x, y);
  }
  throw std::runtime_error("no click point '" + name + "' in " + path);
}

}  // namespace threadlab::test
