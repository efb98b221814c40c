#include "commands/cli_values.hpp"

#include <unistd.h>

#include <cmath>

namespace threadlab::app {

[[noreturn]] void reject(const std::string& option, const std::string& why) {
  throw CLI::ValidationError(option, why);
}

std::optional<WindowSize> parse_window_size(std::string_view text) {
  const auto x = text.find('x');
  if (x == std::string_view::npos) return std::nullopt;
  auto width = parse_number<int>(text.substr(0, x));
  auto height = parse_number<int>(text.substr(x + 1));
  if (!width || !height) return std::nullopt;
  return WindowSize{*width, *height};
}

// --out: a folder that may not exist yet (prepare_output_folder checks it
// once the whole command line is good); only a name that cannot be one is
// refused here.
void check_output_folder_option(const std::filesystem::path& folder) {
  if (folder.empty()) reject("--out", "the folder name is empty");
}

// A file the option will write: its folder must exist and be writable.
void check_output_file_path(const std::filesystem::path& file, const std::string& option) {
  namespace fs = std::filesystem;
  if (file.empty() || !file.has_filename()) {
    reject(option, fmt::format("'{}' is not a file name", file.string()));
  }
  fs::path directory = file.parent_path();
  if (directory.empty()) directory = ".";
  std::error_code error;
  if (!fs::exists(directory, error)) {
    reject(option, fmt::format("directory {} does not exist", directory.string()));
  }
  if (!fs::is_directory(directory, error)) {
    reject(option, fmt::format("{} is not a directory", directory.string()));
  }
  if (::access(directory.c_str(), W_OK | X_OK) != 0) {
    reject(option, fmt::format("directory {} is not writable", directory.string()));
  }
  if (fs::is_directory(file, error)) {
    reject(option, fmt::format("{} is a directory", file.string()));
  }
}

// A positive, finite number of seconds (or minutes) for `option`, at most
// `most`: beyond it the session's end time would not fit the clock (or
// would mean nothing to anyone).
double parse_positive(const std::string& option, const std::string& text, const char* unit, double most) {
  const auto value = parse_number<double>(text);
  if (!value || !std::isfinite(*value) || *value <= 0) {
    reject(option, fmt::format("{} is not a positive number of {}", text, unit));
  }
  if (*value > most) reject(option, fmt::format("{} is more than {} {} (a week)", text, most, unit));
  return *value;
}

double parse_seconds(const std::string& option, const std::string& text) {
  return parse_positive(option, text, "seconds", max_duration_seconds);
}

}  // namespace threadlab::app
