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
#include <utility>
#include <vector>

#include "settings/run_settings.hpp"
#include "output/pictures/image.hpp"
#include "window/ui_scale.hpp"

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
  // What draws the window ("llvmpipe (LLVM 15.0.6, 256 bits)") and its OpenGL version.
  std::string gl_renderer() const;
  std::string gl_version() const;
  // The close button, or SIGINT / SIGTERM / SIGHUP (process/signals.hpp) once
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
  // Renders ImGui's draw data and swaps buffers. Under software OpenGL only
  // what changed is drawn again (drawing/damage_renderer.hpp).
  // When a capture was asked for, the frame is read back just before the
  // swap: the very pixels then shown, with no second drawing of the frame.
  void render_and_swap();

  // The floor a window costs on this GL path: clears the whole window to
  // the background colour and swaps, with no ImGui frame (the benchmark's
  // "bare window"). Whatever was drawn before is drawn whole next frame.
  void clear_and_swap();

  // The texture's texels in `uv` (u0, v0, u1, v1 in 0..1) changed: what
  // shows them is drawn again next frame.
  void texture_changed(ImTextureID texture, ImVec4 uv);

  // Share of the window's pixels the last frame drew again (0..1): under
  // software OpenGL only what changed is drawn.
  double last_redrawn_share() const;

  // The next render_and_swap() keeps a copy of the frame it shows.
  void capture_next_frame() { capture_requested_ = true; }
  // Gets `count` frame buffers of the window's size ready, their memory
  // touched, so the next captures cost only the read (a scripted run that
  // captures calls it before it starts measuring).
  void prepare_captures(int count);
  // The frame kept by the last render_and_swap() that captured, once.
  std::optional<CapturedFrame> take_captured_frame() { return std::exchange(captured_, std::nullopt); }

  // The scale the UI is drawn at (window/ui_scale.hpp); --ui-scale sets it
  // instead of the display's content scale.
  float ui_scale() const { return ui_scale_.scale(); }
  void set_ui_scale(float scale) { ui_scale_.set_override(scale); }

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
  std::optional<CapturedFrame> read_back_buffer(int width, int height);

  std::optional<GlfwLibrary> glfw_;
  std::unique_ptr<GLFWwindow, WindowDeleter> window_;
  std::string ini_path_;  // where the layout is read from (checked) and saved
  std::unique_ptr<ImGuiSession> imgui_;
  std::unique_ptr<class DamageRenderer> renderer_;
  std::vector<int> key_presses_;
  bool capture_requested_ = false;
  bool key_pressed_since_render_ = false;
  bool font_filter_set_ = false;
  bool rescaled_ = false;  // the next frame is drawn whole: every pixel moved
  UiScale ui_scale_;
  std::optional<CapturedFrame> captured_;
  std::vector<std::vector<std::uint8_t>> spare_buffers_;
};

}  // namespace threadlab::app
