// Files written whole or not at all: fsync'd and renamed, a symlink followed
// with its target's mode kept, stale temporary files of dead processes
// removed, the reason given on failure, and a set of files (compare's six)
// left old or new, never mixed, when a write fails half-way.

#include <catch2/catch.hpp>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "output/atomic_file.hpp"
#include "process/signals.hpp"
#include "temporary_directory.hpp"

using namespace threadlab::app;
using threadlab::test::TemporaryDirectory;
namespace fs = std::filesystem;

namespace {

std::string read(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_plain(const fs::path& file, const std::string& text) { std::ofstream(file, std::ios::binary) << text; }

std::vector<std::string> names_in(const fs::path& folder) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(folder)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

mode_t mode_of(const fs::path& file) {
  struct stat info {};
  REQUIRE(::stat(file.c_str(), &info) == 0);
  return info.st_mode & 07777;
}

// A PID that belonged to a process which has ended (and been reaped).
pid_t dead_pid() {
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) ::_exit(0);
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  return child;
}

// Lowers the file-size limit (ulimit -f) for the scope; writes past it fail
// with EFBIG, as SIGXFSZ is ignored (signals::install()).
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    signals::install();
    REQUIRE(::getrlimit(RLIMIT_FSIZE, &saved_) == 0);
    rlimit lowered = saved_;
    lowered.rlim_cur = bytes;
    REQUIRE(::setrlimit(RLIMIT_FSIZE, &lowered) == 0);
  }
  ~FileSizeLimit() { ::setrlimit(RLIMIT_FSIZE, &saved_); }

 private:
  rlimit saved_{};
};

std::vector<std::uint8_t> bytes_of(const std::string& text) { return {text.begin(), text.end()}; }

}  // namespace

TEST_CASE("An atomic write replaces the file whole and leaves no temporary file", "[atomic_file]") {
  TemporaryDirectory folder("atomic");
  const auto file = folder.path() / "out.json";
  write_plain(file, "old");
  write_file_atomically(file, std::string_view("new contents"));
  CHECK(read(file) == "new contents");
  CHECK(names_in(folder.path()) == std::vector<std::string>{"out.json"});
}

TEST_CASE("An atomic write through a symlink replaces the target and keeps the link", "[atomic_file]") {
  TemporaryDirectory folder("atomic");
  fs::create_directory(folder.path() / "real");
  const auto target = folder.path() / "real" / "stats.json";
  write_plain(target, "old");
  const auto link = folder.path() / "stats.json";
  fs::create_symlink("real/stats.json", link);

  write_file_atomically(link, std::string_view("new"));

  CHECK(fs::is_symlink(fs::symlink_status(link)));
  CHECK(fs::read_symlink(link) == "real/stats.json");
  CHECK(read(target) == "new");
  CHECK(names_in(folder.path() / "real") == std::vector<std::string>{"stats.json"});
}

TEST_CASE("An atomic write keeps the mode of the file it replaces (0600 stays 0600)", "[atomic_file]") {
  TemporaryDirectory folder("atomic");
  const auto file = folder.path() / "private.json";
  write_plain(file, "old");
  fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
  REQUIRE(mode_of(file) == 0600);
  write_file_atomically(file, std::string_view("new"));
  CHECK(mode_of(file) == 0600);

  // Through a link too: the target's mode.
  const auto link = folder.path() / "link.json";
  fs::create_symlink(file, link);
  write_file_atomically(link, std::string_view("newer"));
  CHECK(mode_of(file) == 0600);
  CHECK(read(file) == "newer");
}

TEST_CASE("Temporary files of processes that no longer exist are removed, those of live ones kept",
          "[atomic_file]") {
  TemporaryDirectory folder("atomic");
  const auto file = folder.path() / "report.json";
  const pid_t gone = dead_pid();
  // Both the old name (.NAME.tmp-PID) and the current one (.NAME.tmp-PID-N).
  write_plain(folder.path() / (".report.json.tmp-" + std::to_string(gone)), "crashed half-way");
  write_plain(folder.path() / (".report.json.tmp-" + std::to_string(gone) + "-3"), "crashed half-way");
  // The parent (ctest, or a shell) is alive while we run.
  const std::string live = ".report.json.tmp-" + std::to_string(::getppid()) + "-0";
  write_plain(folder.path() / live, "being written by someone");
  // Another file's temporaries are not ours to judge.
  const std::string other = ".other.json.tmp-" + std::to_string(gone);
  write_plain(folder.path() / other, "not this file's");

  write_file_atomically(file, std::string_view("{}"));

  std::vector<std::string> expected{live, other, "report.json"};
  std::sort(expected.begin(), expected.end());
  CHECK(names_in(folder.path()) == expected);
}

TEST_CASE("A failed write says why (File too large), leaves the old file and no temporary file", "[atomic_file]") {
  TemporaryDirectory folder("atomic");
  const auto file = folder.path() / "big.bin";
  write_plain(file, "old");
  const std::vector<std::uint8_t> big(256 * 1024, 0x55);
  {
    FileSizeLimit limit(64 * 1024);
    REQUIRE_THROWS_WITH(write_file_atomically(file, big),
                        "cannot write " + file.string() + ": " + std::strerror(EFBIG));
  }
  CHECK(read(file) == "old");
  CHECK(names_in(folder.path()) == std::vector<std::string>{"big.bin"});
}

TEST_CASE("A file that cannot be created is found by check_writable, even by root, with the reason",
          "[atomic_file]") {
  REQUIRE_THROWS_WITH(check_writable("/proc/nope"), "cannot write /proc/nope: No such file or directory");
  TemporaryDirectory folder("atomic");
  CHECK_NOTHROW(check_writable(folder.path() / "fine.json"));
  CHECK(names_in(folder.path()).empty());  // the probe leaves nothing
  // Never replaced by a rename (root would turn /dev/null into a file).
  REQUIRE_THROWS_WITH(check_writable("/dev/null"),
                      "cannot write /dev/null: it is a character device, not a regular file");
  const auto link = folder.path() / "null-link";
  fs::create_symlink("/dev/null", link);
  REQUIRE_THROWS_WITH(check_writable(link), Catch::Contains("character device"));
  CHECK(fs::is_character_file("/dev/null"));
  fs::create_directory(folder.path() / "dir");
  REQUIRE_THROWS_WITH(check_writable(folder.path() / "dir"), Catch::Contains("Is a directory"));
}

TEST_CASE("A set of files fails whole: a write failure half-way leaves every old file as it was", "[atomic_file]") {
  TemporaryDirectory folder("atomic");
  const std::vector<std::string> names{"single.png", "multi.png", "side_by_side.png", "report.json"};
  for (const auto& name : names) write_plain(folder.path() / name, "old " + name);

  // The first two fit under the limit, the third does not.
  std::vector<std::pair<fs::path, std::vector<std::uint8_t>>> files;
  files.emplace_back(folder.path() / names[0], bytes_of("new single"));
  files.emplace_back(folder.path() / names[1], bytes_of("new multi"));
  files.emplace_back(folder.path() / names[2], std::vector<std::uint8_t>(256 * 1024, 1));
  files.emplace_back(folder.path() / names[3], bytes_of("new report"));
  {
    FileSizeLimit limit(64 * 1024);
    REQUIRE_THROWS_WITH(write_files_atomically(files), Catch::Contains(std::strerror(EFBIG)) &&
                                                           Catch::Contains(names[2]));
  }
  for (const auto& name : names) CHECK(read(folder.path() / name) == "old " + name);
  CHECK(names_in(folder.path()).size() == names.size());  // no temporary file left

  // Without the limit the whole new set goes in.
  write_files_atomically(files);
  CHECK(read(folder.path() / names[0]) == "new single");
  CHECK(read(folder.path() / names[3]) == "new report");
  CHECK(fs::file_size(folder.path() / names[2]) == 256 * 1024);
  CHECK(names_in(folder.path()).size() == names.size());
}

TEST_CASE("A set of files with a folder in the way of one is refused before any file is replaced",
          "[atomic_file]") {
  TemporaryDirectory folder("atomic");
  write_plain(folder.path() / "a.txt", "old a");
  // b.txt is a folder: the set is refused while the files are staged,
  // before a.txt (listed first) is renamed in.
  std::vector<std::pair<fs::path, std::vector<std::uint8_t>>> files;
  files.emplace_back(folder.path() / "a.txt", bytes_of("new a"));
  files.emplace_back(folder.path() / "c.txt", bytes_of("new c"));
  files.emplace_back(folder.path() / "b.txt", bytes_of("new b"));
  fs::create_directory(folder.path() / "b.txt");
  write_plain(folder.path() / "b.txt" / "inside", "x");
  REQUIRE_THROWS_WITH(write_files_atomically(files), Catch::Contains("b.txt") && Catch::Contains("Is a directory"));
  CHECK(read(folder.path() / "a.txt") == "old a");
  CHECK_FALSE(fs::exists(folder.path() / "c.txt"));
  CHECK(names_in(folder.path()) == std::vector<std::string>{"a.txt", "b.txt"});
}

TEST_CASE("A gate that refuses cancels a write: the old files stay, no temporary file is left", "[atomic_file]") {
  TemporaryDirectory folder("atomic");
  write_plain(folder.path() / "a.txt", "old a");
  std::vector<std::pair<fs::path, std::vector<std::uint8_t>>> files;
  files.emplace_back(folder.path() / "a.txt", bytes_of("new a"));
  files.emplace_back(folder.path() / "b.txt", bytes_of("new b"));
  int asked = 0;
  std::size_t names_when_asked = 0;
  const CommitGate refuse = [&] {
    ++asked;
    names_when_asked = names_in(folder.path()).size();  // a.txt and both temporary files
    return false;
  };
  CHECK_THROWS_AS(write_files_atomically(files, refuse), WriteCancelled);
  CHECK(asked == 1);
  CHECK(names_when_asked == 3);  // asked only once every file was staged
  CHECK(read(folder.path() / "a.txt") == "old a");
  CHECK(names_in(folder.path()) == std::vector<std::string>{"a.txt"});

  CHECK_THROWS_WITH(write_file_atomically(folder.path() / "a.txt", std::string_view("newer"), refuse),
                    Catch::Contains("a.txt") && Catch::Contains("nothing was replaced"));
  CHECK(read(folder.path() / "a.txt") == "old a");
  CHECK(names_in(folder.path()) == std::vector<std::string>{"a.txt"});

  // A gate that lets the files in: the new set.
  write_files_atomically(files, [] { return true; });
  CHECK(read(folder.path() / "a.txt") == "new a");
  CHECK(read(folder.path() / "b.txt") == "new b");
}
