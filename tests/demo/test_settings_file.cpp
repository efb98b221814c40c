// ImGui's settings file is read only when it is a regular file under the
// limit: a FIFO must not hang start-up, a huge file must not be parsed.

#include <catch2/catch.hpp>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <string>
#include <thread>

#include "window/settings_file.hpp"
#include "temporary_directory.hpp"

using namespace threadlab::app;
using threadlab::test::TemporaryDirectory;
using namespace std::chrono_literals;

TEST_CASE("A small regular settings file is read, and may be saved over", "[settings_file]") {
  TemporaryDirectory folder("settings");
  const auto file = folder.path() / "imgui.ini";
  std::ofstream(file) << "[Window][Frames]\nPos=10,10\n";
  const SettingsFile settings = read_settings_file(file);
  REQUIRE(settings.contents);
  CHECK(*settings.contents == "[Window][Frames]\nPos=10,10\n");
  CHECK(settings.may_save);
  CHECK(settings.warning.empty());
}

TEST_CASE("A missing settings file gives the defaults silently and may be created", "[settings_file]") {
  TemporaryDirectory folder("settings");
  const SettingsFile settings = read_settings_file(folder.path() / "imgui.ini");
  CHECK_FALSE(settings.contents);
  CHECK(settings.may_save);
  CHECK(settings.warning.empty());
}

TEST_CASE("A FIFO in place of the settings file is ignored at once with one warning line", "[settings_file]") {
  TemporaryDirectory folder("settings");
  const auto fifo = folder.path() / "imgui.ini";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  // On another thread, so a read that blocks (the bug) fails this test
  // instead of hanging it: opening the FIFO for writing then releases it.
  auto reading = std::async(std::launch::async, [&] { return read_settings_file(fifo); });
  if (reading.wait_for(10s) != std::future_status::ready) {
    const int writer = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
    if (writer >= 0) ::close(writer);
    FAIL("read_settings_file blocked on a FIFO for 10 s");
  }
  const SettingsFile settings = reading.get();
  CHECK_FALSE(settings.contents);
  CHECK_FALSE(settings.may_save);  // the user's FIFO is left alone
  CHECK(settings.warning == "threadlab: ignoring " + fifo.string() + ": it is a FIFO; using the default layout");
}

TEST_CASE("A settings file over the limit is ignored with one warning line, not parsed", "[settings_file]") {
  TemporaryDirectory folder("settings");
  const auto file = folder.path() / "imgui.ini";
  std::ofstream{file}.close();
  std::filesystem::resize_file(file, max_settings_file_bytes + 1);
  const SettingsFile settings = read_settings_file(file);
  CHECK_FALSE(settings.contents);
  CHECK_FALSE(settings.may_save);
  CHECK(settings.warning.find("threadlab: ignoring " + file.string() + ": it is 1048577 bytes") == 0);
  CHECK(settings.warning.find('\n') == std::string::npos);

  std::filesystem::resize_file(file, max_settings_file_bytes);
  CHECK(read_settings_file(file).contents->size() == max_settings_file_bytes);
}

TEST_CASE("A folder in place of the settings file is ignored with one warning line", "[settings_file]") {
  TemporaryDirectory folder("settings");
  const auto dir = folder.path() / "imgui.ini";
  std::filesystem::create_directory(dir);
  const SettingsFile settings = read_settings_file(dir);
  CHECK_FALSE(settings.contents);
  CHECK_FALSE(settings.may_save);
  CHECK(settings.warning == "threadlab: ignoring " + dir.string() + ": it is a folder; using the default layout");
}
