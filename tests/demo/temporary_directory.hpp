#pragma once
// A fresh folder under the system's temporary folder, removed afterwards.

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>

namespace threadlab::test {

class TemporaryDirectory {
 public:
  explicit TemporaryDirectory(const std::string& what = "demo") {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("threadlab-test-" + what + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::create_directories(path_);
  }
  ~TemporaryDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TemporaryDirectory(const TemporaryDirectory&) = delete;
  TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace threadlab::test
