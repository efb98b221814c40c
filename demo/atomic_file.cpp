#include "atomic_file.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <string>
#include <system_error>

namespace threadlab::app {

void write_file_atomically(const std::filesystem::path& file, std::span<const std::uint8_t> bytes) {
  const std::filesystem::path temporary =
      file.parent_path() / fmt::format(".{}.tmp-{}", file.filename().string(), ::getpid());
  auto fail = [&](const std::string& reason) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    throw std::runtime_error(fmt::format("cannot write {}: {}", file.string(), reason));
  };
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) fail(std::strerror(errno));
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) fail("write failed");
  }
  std::error_code error;
  std::filesystem::rename(temporary, file, error);
  if (error) fail(error.message());
}

void write_file_atomically(const std::filesystem::path& file, std::string_view text) {
  write_file_atomically(
      file, std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

}  // namespace threadlab::app
