#pragma once
// The desktop window: GLFW with an OpenGL 3.3 core context loaded by glad,
// and Dear ImGui with its GLFW and OpenGL 3 backends. Constructing a Window
// either gives a working one or throws WindowError carrying the one line to
// print; destroying it shuts ImGui, the context and GLFW down in order.

#include <imgui.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "cli.hpp"

struct GLFWwindow;

namespace threadlab::app {

class WindowError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Where ImGui keeps window positions: $XDG_CONFIG_HOME/threadlab/imgui.ini, or
// ~/.config/threadlab/imgui.ini; the directory is created. None when neither
// is usable (ImGui then saves nothing).
std::optional<std::filesystem::path> imgui_ini_path();

class Window {
 public:
  // Throws WindowError: no display, no OpenGL 3.3 core, or GLFW's reason.
  Window(WindowSize size, const char* title);
  ~Window();
  Window(const Window&) = delete;
  Window& operator=(const Window&) = delete;

  GLFWwindow* handle() const { return window_.get(); }
  // The close button, or SIGINT / SIGTERM / SIGHUP (signals.hpp) once
  // close_on_signals() (signals::install()) is called.
  bool should_close() const;
  static void close_on_signals();

  // Handles pending events without waiting.
  void poll_events();
  // Handles events, waiting at most `seconds` for one to arrive.
  void wait_events(double seconds);

  // Keys pressed since the last call, as GLFW key codes in order. A GLFW
  // callback keeps them, so a tap that begins and ends between two frames
  // (any tap during a single-thread freeze) still counts: ImGui 1.86 only
  // sees which keys are down when a frame starts.
  std::vector<int> take_key_presses();

  // Starts an ImGui frame (after the events of this iteration are handled).
  void begin_imgui_frame();
  // Renders ImGui's draw data over a cleared framebuffer and swaps buffers.
  void render_and_swap();

  // Thread-safe: makes a glfwWaitEvents* call on the render thread return.
  static void wake();

 private:
  struct GlfwLibrary {
    ~GlfwLibrary();
  };
  struct WindowDeleter {
    void operator()(GLFWwindow* window) const;
  };
  struct ImGuiSession;  // context and backends, shut down before the window goes
  static void on_key(GLFWwindow* window, int key, int scancode, int action, int mods);

  std::optional<GlfwLibrary> glfw_;
  std::unique_ptr<GLFWwindow, WindowDeleter> window_;
  std::string ini_path_;  // where the layout is read from (checked) and saved
  std::unique_ptr<ImGuiSession> imgui_;
  std::vector<int> key_presses_;
};

}  // namespace threadlab::app
