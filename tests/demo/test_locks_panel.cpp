// The Locks panel, drawn headless from its slice: the sampled cost of an
// acquire that did not wait, and the reading of the main page's waits.

#include <imgui.h>
#include <imgui_internal.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "../headless_imgui.hpp"
#include "../support/lab_snapshot_builder.hpp"
#include "panel_test_support.hpp"
#include "panels/panels.hpp"

using namespace threadlab;
using namespace threadlab::ui;
using namespace std::chrono_literals;
using test::app_font_installed;
using test::busy_lab_snapshot;
using test::Font;
using test::HeadlessImGui;
using test::draw_every_panel;
using test::panel_window;

namespace {

// The text the Locks panel draws in one frame, line by line: ImGui logs
// every piece of text it renders while logging is on, and the end of the
// panel's window ends the log and puts it on ImGui's own clipboard.
std::string locks_panel_text(const LocksFigures& locks) {
  ImGui::NewFrame();
  ImGui::SetClipboardText("");
  ImGui::LogToClipboard();
  draw_locks_panel(locks);
  ImGui::LogFinish();  // in case the panel drew nothing
  std::string logged = ImGui::GetClipboardText();
  ImGui::Render();
  return logged;
}

// The logged line that contains `needle`, or "" when none does.
std::string line_with(const std::string& text, const std::string& needle) {
  const std::size_t at = text.find(needle);
  if (at == std::string::npos) return {};
  const std::size_t begin = text.rfind('\n', at);
  const std::size_t end = text.find('\n', at);
  return text.substr(begin == std::string::npos ? 0 : begin + 1,
                     end == std::string::npos ? std::string::npos : end - (begin == std::string::npos ? 0 : begin + 1));
}

LockStats lock_stats(std::uint64_t id, std::string name, LockPolicy policy) {
  LockStats lock;
  lock.id = id;
  lock.name = std::move(name);
  lock.policy = policy;
  return lock;
}

// The main page's four Locks after a session: the image Lock waited a few
// times, the render thread found it busy twice.
std::vector<LockStats> main_page_locks(std::uint64_t image_waits) {
  LockStats queue = lock_stats(11, "mandelbrot.tile-queue", LockPolicy::barging);
  queue.acquisitions = 1'900;
  LockStats image = lock_stats(12, "mandelbrot.image", LockPolicy::barging);
  image.acquisitions = 2'100;
  image.contended_acquisitions = image_waits;
  image.failed_tries = 2;
  image.total_wait = image_waits * 300us;
  image.max_wait = image_waits ? 700us : 0us;
  image.wait_histogram[8] = image_waits;
  return {queue, image, lock_stats(13, "primes.segment-queue", LockPolicy::barging),
          lock_stats(14, "primes.count", LockPolicy::barging)};
}

}  // namespace

TEST_CASE("The Locks panel shows the sampled cost of an acquire that did not wait, in ns, with help", "[panels]") {
  HeadlessImGui imgui;
  std::vector<LockStats> locks = test::busy_locks({});
  locks[0].sampled_acquires = 12;
  locks[0].sampled_acquire_total = 12 * 9ns;
  // The first frame lays out; the second draws with the sizes it measured.
  locks_panel_text({.locks = locks});
  const std::string text = locks_panel_text({.locks = locks});
  INFO("the Locks panel drew:\n" << text);
  const std::string line = line_with(text, "Acquire, no wait:");
  REQUIRE_FALSE(line.empty());
  CHECK(line.find("9 ns (12 samples)") != std::string::npos);
  CHECK(line.find("(?)") != std::string::npos);  // the help marker: ns without a wait, us to ms with one
  // The wait histogram it is set beside, in microseconds.
  CHECK(text.find("Wait time in log2 buckets of microseconds") != std::string::npos);

  locks[0].sampled_acquires = 0;
  locks[0].sampled_acquire_total = 0ns;
  locks_panel_text({.locks = locks});
  const std::string before_any_sample = line_with(locks_panel_text({.locks = locks}), "Acquire, no wait:");
  INFO("before any sample: " << before_any_sample);
  CHECK(before_any_sample.find("not sampled yet") != std::string::npos);
  CHECK(before_any_sample.find(" ns") == std::string::npos);  // no figure is made up
}

TEST_CASE("The Locks panel reads the main page's waits: how many, of how many, and why near zero", "[panels][locks]") {
  const std::vector<LockStats> locks = main_page_locks(3);
  const std::string reading = lock_reading({.locks = locks});
  INFO(reading);
  CHECK(reading.find("3 waits in 4,000 acquisitions (0.1 %)") != std::string::npos);
  CHECK(reading.find("longest 700 us") != std::string::npos);
  CHECK(reading.find("fine-grained locking") != std::string::npos);
  CHECK(reading.find("contention page") != std::string::npos);
  CHECK(reading.find("busy 2 times") != std::string::npos);

  const std::vector<LockStats> unwaited = main_page_locks(0);
  const std::string none = lock_reading({.locks = unwaited});
  CHECK(none.find("no wait in 4,000 acquisitions") != std::string::npos);

  CHECK(lock_reading({.locks = locks, .scenario_page = true}).empty());
}

TEST_CASE("With the main page's four Locks and their reading, the Locks panel fits at 2560x1440 and scrolls at 1600x900", "[panels][locks]") {
  const Font font = GENERATE(Font::imgui_default, Font::app);
  if (font == Font::app && !app_font_installed()) return;
  HeadlessImGui imgui(font);
  LabSnapshot snapshot = busy_lab_snapshot();
  snapshot.locks = main_page_locks(3);
  for (int frame = 0; frame < 3; ++frame) draw_every_panel(snapshot);
  const ImGuiWindow& window = panel_window(Panel::locks);
  INFO("content " << window.ContentSize.y << " px high in a " << window.Size.y << " px window");
  // At 1600x900 the view's picture comes first: what does not fit scrolls, with a scrollbar.
  if (window.ScrollMax.y > 0.0f) CHECK(window.ScrollbarY);
  if (window.ScrollMax.x > 0.0f) CHECK(window.ScrollbarX);
  ImGui::GetIO().DisplaySize = ImVec2(2560.0f, 1440.0f);
  for (int frame = 0; frame < 3; ++frame) draw_every_panel(snapshot);
  const ImGuiWindow& large = panel_window(Panel::locks);
  INFO("at 2560x1440: content " << large.ContentSize.y << " px high in a " << large.Size.y << " px window");
  CHECK(large.ScrollMax.y == 0.0f);
  CHECK(large.ScrollMax.x == 0.0f);
}
