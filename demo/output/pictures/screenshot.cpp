#include "screenshot.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <ctime>
#include <stdexcept>


namespace threadlab::app {

namespace {
std::filesystem::path environment_path(const char* name) {
  const char* value = std::getenv(name);
  return value && *value ? std::filesystem::path(value) : std::filesystem::path();
}
}  // namespace

std::filesystem::path default_screenshot_dir() {
  namespace fs = std::filesystem;
  std::error_code error;
  if (auto pictures = environment_path("XDG_PICTURES_DIR"); !pictures.empty()) return pictures / "threadlab";
  const fs::path home = environment_path("HOME");
  if (!home.empty() && fs::is_directory(home / "Pictures", error)) return home / "Pictures" / "threadlab";
  if (auto data = environment_path("XDG_DATA_HOME"); !data.empty()) return data / "threadlab" / "screenshots";
  if (!home.empty()) return home / ".local" / "share" / "threadlab" / "screenshots";
  return fs::current_path(error) / "threadlab-screenshots";
}

std::string file_timestamp(std::chrono::system_clock::time_point when) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(when);
  std::tm local{};
  localtime_r(&seconds, &local);
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(when.time_since_epoch()).count() % 1000;
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%d-%H%M%S", &local);
  return fmt::format("{}-{:03}", text, millis);
}

std::string screenshot_subject(const LabSnapshot& snapshot) {
  if (snapshot.stepper) return fmt::format("step-{}", stepping::to_string(snapshot.stepper->options.lesson));
  if (snapshot.scenario) return fmt::format("scenario-{}", to_string(snapshot.scenario->current.kind));
  return fmt::format("{}-{}", to_string(snapshot.settings.mode), to_string(snapshot.settings.workload));
}

std::string screenshot_file_name(std::chrono::system_clock::time_point when, std::string_view subject) {
  return fmt::format("threadlab-{}-{}.png", file_timestamp(when), subject);
}

std::filesystem::path save_screenshot(const Image& image, const std::filesystem::path& folder,
                                      std::string_view subject) {
  std::error_code error;
  std::filesystem::create_directories(folder, error);
  if (error) throw std::runtime_error(fmt::format("cannot create {}: {}", folder.string(), error.message()));
  auto file = folder / screenshot_file_name(std::chrono::system_clock::now(), subject);
  // Two screenshots in the same millisecond keep both: "-2", "-3" before ".png".
  const std::filesystem::path first = file;
  for (int n = 2; std::filesystem::exists(file, error) && n < 1000; ++n)
    file = folder / fmt::format("{}-{}{}", first.stem().string(), n, first.extension().string());
  write_png_atomically(file, image);
  return file;
}

}  // namespace threadlab::app
