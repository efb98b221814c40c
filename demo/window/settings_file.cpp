#include "window/settings_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace threadlab::app {
namespace {

const char* kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a folder";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  return "not a regular file";
}

}  // namespace

SettingsFile read_settings_file(const std::filesystem::path& file, std::size_t max_bytes) {
  SettingsFile out;
  auto ignore = [&](const std::string& why) {
    out.warning = fmt::format("threadlab: ignoring {}: {}; using the default layout", file.string(), why);
    return out;
  };
  // O_NONBLOCK: opening a FIFO with no writer returns at once instead of
  // waiting for one; O_NOCTTY: a terminal device never becomes ours.
  const int fd = ::open(file.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) {
      out.may_save = true;  // none yet: the first save creates it
      return out;
    }
    return ignore(std::strerror(errno));
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat info {};
  if (::fstat(fd, &info) != 0) return ignore(std::strerror(errno));
  if (!S_ISREG(info.st_mode)) return ignore(fmt::format("it is {}", kind_of(info.st_mode)));
  if (static_cast<std::uintmax_t>(info.st_size) > max_bytes) {
    return ignore(fmt::format("it is {} bytes, more than the {} a settings file may have", info.st_size, max_bytes));
  }
  std::string contents;
  contents.resize(max_bytes + 1);
  std::size_t used = 0;
  // Read up to one byte past the limit: a file that grew since fstat is caught too.
  while (used < contents.size()) {
    const ssize_t got = ::read(fd, contents.data() + used, contents.size() - used);
    if (got < 0) {
      if (errno == EINTR) continue;
      return ignore(std::strerror(errno));
    }
    if (got == 0) break;
    used += static_cast<std::size_t>(got);
  }
  if (used > max_bytes) return ignore(fmt::format("it is more than the {} bytes a settings file may have", max_bytes));
  contents.resize(used);
  out.contents = std::move(contents);
  out.may_save = true;
  return out;
}

}  // namespace threadlab::app
