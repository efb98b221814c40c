#pragma once
// Writing files so that nobody ever sees half of one, and a crash or a full
// disk never costs the old one.
//
// The bytes go to a temporary file beside the target (DIR/.NAME.tmp-PID-N:
// same folder, so same file system, and the PID can be read back), which is
// written, fsync'd and then renamed over the target; the folder is fsync'd
// after the rename, so the new name survives a power cut. A symlink is
// followed: its final target is replaced and the link stays. An existing
// target's mode (0600 stays 0600) and, where permitted, owner are kept.
// Temporary files of processes that no longer exist are removed. Errors say
// strerror's reason ("No space left on device", "File too large").
//
// A write that fails beyond a size limit (ulimit -f) kills the process with
// SIGXFSZ unless it is ignored: signals::install() ignores it.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <span>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <utility>
#include <vector>

namespace threadlab::app {

// Asked once per write, when every file is written and fsync'd beside its
// target and before the first rename: true lets the files in; false cancels
// the write (the temporary files are removed, every old file stays) and
// WriteCancelled is thrown. Empty: always true. signals::commit_results is
// the one the commands pass: a signal before this point means no new file.
using CommitGate = std::function<bool()>;

class WriteCancelled : public std::runtime_error {
 public:
  explicit WriteCancelled(const std::filesystem::path& file);
};

// One file being written: the temporary file exists from construction on.
// Destroying it without commit() removes the temporary file: the target is
// untouched.
class PendingFile {
 public:
  // Creates the temporary file beside `file` (its symlinks followed), after
  // removing stale temporary files of `file`. Throws std::runtime_error
  // ("cannot write FILE: REASON"), so creating one up front checks a path.
  explicit PendingFile(const std::filesystem::path& file);
  ~PendingFile();
  PendingFile(const PendingFile&) = delete;
  PendingFile& operator=(const PendingFile&) = delete;

  // Writes all the bytes, fsyncs and closes the temporary file. Once only.
  void write(std::span<const std::uint8_t> bytes);
  // Renames the temporary file over the target and fsyncs the folder.
  void commit();

  const std::filesystem::path& file() const { return file_; }      // as given
  const std::filesystem::path& target() const { return target_; }  // symlinks followed
  const std::filesystem::path& temporary() const { return temporary_; }

 private:
  [[noreturn]] void fail(const std::string& reason);
  void remove_temporary();
  // write_files_atomically's renames, one file at a time. rename_in puts the
  // new file in and says how (exchanged: the old file now sits at the
  // temporary name); it returns 0, or the errno of a failed rename.
  // take_back undoes it; settle, once the whole set is in, removes the old file.
  enum class Renamed { created, exchanged, replaced };
  int rename_in(Renamed& how);
  void take_back(Renamed how);
  void settle(Renamed how);
  friend void write_files_atomically(std::span<const std::pair<std::filesystem::path, std::vector<std::uint8_t>>>,
                                     const CommitGate&);

  std::filesystem::path file_, target_, temporary_;
  int fd_ = -1;
  bool written_ = false, committed_ = false;
};

// Throws std::runtime_error("cannot write FILE: REASON"), or WriteCancelled.
void write_file_atomically(const std::filesystem::path& file, std::span<const std::uint8_t> bytes,
                           const CommitGate& gate = {});
void write_file_atomically(const std::filesystem::path& file, std::string_view text, const CommitGate& gate = {});

// Writes several files as one set: every file is first written and fsync'd
// beside its target; only when all are, are they renamed in. A failure while
// writing (a full disk, a size limit) leaves every old file as it was; a
// failed rename puts back those already renamed (renameat2 RENAME_EXCHANGE
// keeps the old file until the set is in). Only a crash during the renames
// themselves can leave a mix. Throws std::runtime_error with the reason, or
// WriteCancelled when `gate` refused (nothing replaced).
void write_files_atomically(std::span<const std::pair<std::filesystem::path, std::vector<std::uint8_t>>> files,
                            const CommitGate& gate = {});

// Checks up front that `file` can be written atomically, by creating (and
// removing) its temporary file: even root learns at once that /proc/nope
// cannot be written. Throws std::runtime_error("cannot write FILE: REASON").
void check_writable(const std::filesystem::path& file);

// Where a write to `file` lands: its final target once symlinks are followed
// (a dangling link's target too); `file` itself when it is not a link.
std::filesystem::path resolve_symlinks(const std::filesystem::path& file);

// The temporary name for `target` used by process `pid` (the N is a
// per-process sequence number, so threads writing the same file do not clash).
std::filesystem::path temporary_path(const std::filesystem::path& target, pid_t pid, unsigned sequence);
// Removes DIR/.NAME.tmp-PID[-N] files of `target` whose process no longer
// exists; returns how many it removed.
int remove_stale_temporaries(const std::filesystem::path& target);

}  // namespace threadlab::app
