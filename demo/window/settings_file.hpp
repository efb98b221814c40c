#pragma once
// Reading a small settings file (ImGui's imgui.ini) that anyone could have
// replaced with something hostile: a FIFO (opening it would block start-up
// forever), a device, a folder, or a huge file (ImGui would parse all of it
// on the render thread).

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

namespace threadlab::app {

inline constexpr std::size_t max_settings_file_bytes = 1024 * 1024;

struct SettingsFile {
  // The contents when the file is a regular file of at most the limit.
  std::optional<std::string> contents;
  // Whether the file may be replaced when the settings are saved: it is a
  // regular file we read, or there is none. Something else is left alone.
  bool may_save = false;
  // Set when the file exists but is not used: one line for stderr,
  // "threadlab: ignoring FILE: REASON; using the default layout".
  std::string warning;
};

// Never blocks: the file is opened non-blocking, and checked (fstat) on the
// descriptor it is read from, so a swap between check and read is caught.
SettingsFile read_settings_file(const std::filesystem::path& file,
                                std::size_t max_bytes = max_settings_file_bytes);

}  // namespace threadlab::app
