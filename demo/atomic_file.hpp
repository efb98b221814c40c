#pragma once
// Writing a file so that nobody ever sees half of it: the bytes go to a
// temporary file beside it (DIR/.NAME.tmp-PID), which is then renamed over
// FILE. On failure the temporary file is removed and FILE is untouched.

#include <cstdint>
#include <filesystem>
#include <span>
#include <string_view>

namespace threadlab::app {

// Throws std::runtime_error("cannot write FILE: REASON").
void write_file_atomically(const std::filesystem::path& file, std::span<const std::uint8_t> bytes);
void write_file_atomically(const std::filesystem::path& file, std::string_view text);

}  // namespace threadlab::app
