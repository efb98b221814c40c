#include "screenshot.hpp"

#include <fmt/format.h>
#include <glad/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>

#include <cstdlib>
#include <ctime>
#include <stdexcept>
#include <vector>

#include "cli.hpp"

namespace threadlab::app {

Image capture_window(GLFWwindow* window) {
  int width = 0, height = 0;
  glfwGetFramebufferSize(window, &width, &height);
  if (width <= 0 || height <= 0) throw std::runtime_error("the window has no pixels to capture");
  std::vector<std::uint8_t> bottom_up(static_cast<std::size_t>(width) * height * 4);
  // After the swap the back buffer is undefined, and the front buffer cannot
  // be read back everywhere (Xvfb gives black). ImGui's draw data of the frame
  // just shown is still there, so draw it again, as Window does, into the
  // back buffer and read that; it is cleared again before the next frame.
  glViewport(0, 0, width, height);
  glClearColor(0.08f, 0.08f, 0.10f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  if (ImDrawData* draw_data = ImGui::GetDrawData()) ImGui_ImplOpenGL3_RenderDrawData(draw_data);
  glReadBuffer(GL_BACK);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, bottom_up.data());
  // OpenGL's rows run bottom to top; images run top to bottom. The window is opaque.
  std::vector<std::uint8_t> top_down(bottom_up.size());
  const std::size_t row = static_cast<std::size_t>(width) * 4;
  for (int y = 0; y < height; ++y) {
    std::copy_n(&bottom_up[(height - 1 - y) * row], row, &top_down[y * row]);
  }
  for (std::size_t i = 3; i < top_down.size(); i += 4) top_down[i] = 255;
  return Image::from_rgba(width, height, top_down);
}

namespace {
std::filesystem::path environment_path(const char* name) {
  const char* value = std::getenv(name);
  return value && *value ? std::filesystem::path(value) : std::filesystem::path();
}
}  // namespace

std::filesystem::path default_screenshot_dir() {
  namespace fs = std::filesystem;
  std::error_code error;
  if (auto pictures = environment_path("XDG_PICTURES_DIR"); !pictures.empty()) return pictures / "threadlab";
  const fs::path home = environment_path("HOME");
  if (!home.empty() && fs::is_directory(home / "Pictures", error)) return home / "Pictures" / "threadlab";
  if (auto data = environment_path("XDG_DATA_HOME"); !data.empty()) return data / "threadlab" / "screenshots";
  if (!home.empty()) return home / ".local" / "share" / "threadlab" / "screenshots";
  return fs::current_path(error) / "threadlab-screenshots";
}

std::string file_timestamp(std::chrono::system_clock::time_point when) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(when);
  std::tm local{};
  localtime_r(&seconds, &local);
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(when.time_since_epoch()).count() % 1000;
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%d-%H%M%S", &local);
  return fmt::format("{}-{:03}", text, millis);
}

std::string screenshot_subject(const LabSnapshot& snapshot) {
  if (snapshot.scenario) return fmt::format("scenario-{}", to_string(snapshot.scenario->current.kind));
  return fmt::format("{}-{}", cli_word(snapshot.settings.mode), cli_word(snapshot.settings.workload));
}

std::string screenshot_file_name(std::chrono::system_clock::time_point when, std::string_view subject) {
  return fmt::format("threadlab-{}-{}.png", file_timestamp(when), subject);
}

std::filesystem::path save_screenshot(const Image& image, const std::filesystem::path& folder,
                                      std::string_view subject) {
  std::error_code error;
  std::filesystem::create_directories(folder, error);
  if (error) throw std::runtime_error(fmt::format("cannot create {}: {}", folder.string(), error.message()));
  const auto file = folder / screenshot_file_name(std::chrono::system_clock::now(), subject);
  write_png_atomically(file, image);
  return file;
}

}  // namespace threadlab::app
