#include "output/atomic_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <stdio.h>  // renameat2
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>

namespace threadlab::app {
namespace fs = std::filesystem;

namespace {

std::atomic<unsigned> next_sequence{0};

std::string reason(int error_number) { return std::strerror(error_number); }

fs::path folder_of(const fs::path& file) {
  const fs::path parent = file.parent_path();
  return parent.empty() ? fs::path(".") : parent;
}

// The folder's entry for a renamed file reaches the disk only with an fsync
// of the folder itself. Failing to open it (no read permission) is not
// worth failing the write for; a failed fsync is.
void fsync_folder(const fs::path& folder) {
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  const int result = ::fsync(fd);
  const int error_number = errno;
  ::close(fd);
  // EINVAL: a file system that cannot sync folders (some FUSE ones).
  if (result != 0 && error_number != EINVAL) {
    throw std::runtime_error(fmt::format("cannot sync folder {}: {}", folder.string(), reason(error_number)));
  }
}

// The PID in ".NAME.tmp-PID" or ".NAME.tmp-PID-N", for NAME only.
std::optional<pid_t> temporary_owner(std::string_view entry, std::string_view name) {
  const std::string prefix = fmt::format(".{}.tmp-", name);
  if (entry.substr(0, prefix.size()) != prefix) return std::nullopt;
  std::string_view rest = entry.substr(prefix.size());
  pid_t pid = 0;
  auto [end, error] = std::from_chars(rest.data(), rest.data() + rest.size(), pid);
  if (error != std::errc{} || pid <= 0) return std::nullopt;
  rest.remove_prefix(static_cast<std::size_t>(end - rest.data()));
  if (!rest.empty()) {
    if (rest.front() != '-' || rest.size() < 2) return std::nullopt;
    for (char c : rest.substr(1)) {
      if (c < '0' || c > '9') return std::nullopt;
    }
  }
  return pid;
}

std::string describe_special(mode_t mode) {
  const char* kind = S_ISCHR(mode)    ? "a character device"
                     : S_ISBLK(mode)  ? "a block device"
                     : S_ISFIFO(mode) ? "a FIFO"
                     : S_ISSOCK(mode) ? "a socket"
                                      : "a special file";
  return fmt::format("it is {}, not a regular file", kind);
}

bool process_exists(pid_t pid) {
  // EPERM: it exists, owned by someone else.
  return ::kill(pid, 0) == 0 || errno == EPERM;
}

}  // namespace

fs::path resolve_symlinks(const fs::path& file) {
  fs::path current = file;
  // 40, as the kernel's own limit (ELOOP), so a loop cannot hang us.
  for (int hops = 0; hops < 40; ++hops) {
    std::error_code error;
    if (!fs::is_symlink(fs::symlink_status(current, error))) return current;
    const fs::path link = fs::read_symlink(current, error);
    if (error) return current;
    current = link.is_absolute() ? link : folder_of(current) / link;
  }
  throw std::runtime_error(fmt::format("cannot write {}: {}", file.string(), reason(ELOOP)));
}

fs::path temporary_path(const fs::path& target, pid_t pid, unsigned sequence) {
  return folder_of(target) / fmt::format(".{}.tmp-{}-{}", target.filename().string(), pid, sequence);
}

int remove_stale_temporaries(const fs::path& target) {
  const std::string name = target.filename().string();
  int removed = 0;
  std::error_code error;
  for (fs::directory_iterator it(folder_of(target), error), end; !error && it != end; it.increment(error)) {
    const std::string entry = it->path().filename().string();
    const auto owner = temporary_owner(entry, name);
    if (!owner || *owner == ::getpid() || process_exists(*owner)) continue;
    std::error_code ignored;
    if (fs::remove(it->path(), ignored)) ++removed;
  }
  return removed;
}

PendingFile::PendingFile(const fs::path& file) : file_(file) {
  if (file.empty() || !file.has_filename()) {
    throw std::runtime_error(fmt::format("cannot write '{}': not a file name", file.string()));
  }
  target_ = resolve_symlinks(file);
  remove_stale_temporaries(target_);
  temporary_ = temporary_path(target_, ::getpid(), next_sequence.fetch_add(1));

  struct stat existing {};
  const bool exists = ::stat(target_.c_str(), &existing) == 0;
  if (exists && S_ISDIR(existing.st_mode)) fail(reason(EISDIR));
  // A device, FIFO or socket cannot be replaced by a rename without harm
  // (as root, --stats-json /dev/null would replace /dev/null with a file).
  if (exists && !S_ISREG(existing.st_mode)) fail(describe_special(existing.st_mode));
  // O_EXCL: never write through something planted under our name.
  fd_ = ::open(temporary_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd_ < 0) {
    const int error_number = errno;
    temporary_.clear();  // not ours to remove
    fail(reason(error_number));
  }
  if (exists && S_ISREG(existing.st_mode)) {
    // The replacement keeps the old file's mode (open's is cut by the umask)
    // and, when we may (root), its owner.
    if (::fchown(fd_, existing.st_uid, existing.st_gid) != 0) {
      // Not permitted for an ordinary user writing someone else's file: keep ours.
    }
    if (::fchmod(fd_, existing.st_mode & 07777) != 0) fail(reason(errno));
  }
}

PendingFile::~PendingFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_) remove_temporary();
}

void PendingFile::remove_temporary() {
  if (temporary_.empty()) return;
  ::unlink(temporary_.c_str());
  temporary_.clear();
}

void PendingFile::fail(const std::string& why) {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  remove_temporary();
  throw std::runtime_error(fmt::format("cannot write {}: {}", file_.string(), why));
}

void PendingFile::write(std::span<const std::uint8_t> bytes) {
  if (written_ || fd_ < 0) throw std::logic_error("PendingFile::write called twice");
  const std::uint8_t* data = bytes.data();
  std::size_t left = bytes.size();
  while (left > 0) {
    const ssize_t written = ::write(fd_, data, left);
    if (written < 0) {
      if (errno == EINTR) continue;
      fail(reason(errno));
    }
    // A short write at a size limit or a full disk: the next one says why.
    data += written;
    left -= static_cast<std::size_t>(written);
  }
  if (::fsync(fd_) != 0) fail(reason(errno));
  const int result = ::close(fd_);
  fd_ = -1;
  if (result != 0) fail(reason(errno));
  written_ = true;
}

void PendingFile::commit() {
  if (!written_) throw std::logic_error("PendingFile::commit before write");
  if (::rename(temporary_.c_str(), target_.c_str()) != 0) fail(reason(errno));
  committed_ = true;
  temporary_.clear();
  try {
    fsync_folder(folder_of(target_));
  } catch (const std::runtime_error& error) {
    throw std::runtime_error(fmt::format("cannot write {}: {}", file_.string(), error.what()));
  }
}

WriteCancelled::WriteCancelled(const fs::path& file)
    : std::runtime_error(fmt::format("interrupted while writing {}: nothing was replaced", file.string())) {}

void write_file_atomically(const fs::path& file, std::span<const std::uint8_t> bytes, const CommitGate& gate) {
  PendingFile pending(file);
  pending.write(bytes);
  if (gate && !gate()) throw WriteCancelled(file);  // the temporary file goes with `pending`
  pending.commit();
}

void write_file_atomically(const fs::path& file, std::string_view text, const CommitGate& gate) {
  write_file_atomically(
      file, std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()), gate);
}

// RENAME_EXCHANGE swaps the old file into the temporary name, so a failure
// further on can swap it back; where the file system cannot exchange
// (EINVAL), a plain rename.
int PendingFile::rename_in(Renamed& how) {
  struct stat existing {};
  if (::lstat(target_.c_str(), &existing) != 0) {
    how = Renamed::created;
    return ::rename(temporary_.c_str(), target_.c_str()) == 0 ? 0 : errno;
  }
  how = Renamed::exchanged;
  if (::renameat2(AT_FDCWD, temporary_.c_str(), AT_FDCWD, target_.c_str(), RENAME_EXCHANGE) == 0) return 0;
  if (errno != EINVAL) return errno;
  how = Renamed::replaced;
  return ::rename(temporary_.c_str(), target_.c_str()) == 0 ? 0 : errno;
}

void PendingFile::take_back(Renamed how) {
  if (how == Renamed::exchanged) {
    ::renameat2(AT_FDCWD, temporary_.c_str(), AT_FDCWD, target_.c_str(), RENAME_EXCHANGE);
  } else if (how == Renamed::created) {
    ::unlink(target_.c_str());  // it did not exist before
  }  // replaced: the old file is gone already
}

void PendingFile::settle(Renamed how) {
  if (how == Renamed::exchanged) ::unlink(temporary_.c_str());
  temporary_.clear();
  committed_ = true;
}

namespace {

// Every file beside its target, written and fsync'd: a full disk or a size
// limit fails here, before any old file is touched.
std::vector<std::unique_ptr<PendingFile>> write_beside_targets(
    std::span<const std::pair<fs::path, std::vector<std::uint8_t>>> files) {
  std::vector<std::unique_ptr<PendingFile>> pending;
  for (const auto& [file, bytes] : files) {
    pending.push_back(std::make_unique<PendingFile>(file));
    pending.back()->write(bytes);
  }
  return pending;
}

// Each folder once, for the renamed files' entries.
void fsync_folders_of(const std::vector<std::unique_ptr<PendingFile>>& files) {
  std::vector<fs::path> folders;
  for (const auto& file : files) {
    const fs::path folder = folder_of(file->target());
    if (std::find(folders.begin(), folders.end(), folder) == folders.end()) folders.push_back(folder);
  }
  for (const fs::path& folder : folders) fsync_folder(folder);
}

}  // namespace

void write_files_atomically(std::span<const std::pair<fs::path, std::vector<std::uint8_t>>> files,
                            const CommitGate& gate) {
  const auto pending = write_beside_targets(files);
  // The last moment to back out: nothing has been replaced yet.
  if (gate && !gate() && !pending.empty()) throw WriteCancelled(pending.front()->file());
  std::vector<std::pair<PendingFile*, PendingFile::Renamed>> done;
  for (const auto& file : pending) {
    PendingFile::Renamed how{};
    if (const int error_number = file->rename_in(how)) {
      for (auto it = done.rbegin(); it != done.rend(); ++it) it->first->take_back(it->second);
      file->fail(reason(error_number));  // removes the others' temporaries as they go out of scope
    }
    done.emplace_back(file.get(), how);
  }
  // The set is in: the old files (at the temporary names) go, the folders are synced.
  for (const auto& [file, how] : done) file->settle(how);
  fsync_folders_of(pending);
}

void check_writable(const fs::path& file) { PendingFile probe(file); }

}  // namespace threadlab::app
