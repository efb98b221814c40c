#include "window/window.hpp"

#include "output/atomic_file.hpp"
#include "drawing/damage_renderer.hpp"
#include "window/settings_file.hpp"
#include "process/signals.hpp"

// glad before GLFW, so GLFW does not pull in the system's GL header.
#include <glad/gl.h>
//
#include <GLFW/glfw3.h>
#include <fmt/format.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <system_error>
#include <utility>

#include "panels/panels.hpp"
#include "threadlab/measurement/clock.hpp"

namespace threadlab::app {
namespace {

constexpr int required_gl_major = 3;
constexpr int required_gl_minor = 3;
constexpr const char* glsl_version = "#version 330 core";

// GLFW reports failures through a callback, not a return value; keep the
// latest so the one line we print can say what went wrong.
struct GlfwError {
  int code = 0;
  std::string description;
};

std::mutex glfw_error_mutex;  // the callback runs on whichever thread called GLFW
GlfwError last_glfw_error;

void record_glfw_error(int code, const char* description) {
  std::lock_guard lock(glfw_error_mutex);
  last_glfw_error = {code, description ? description : "unknown GLFW error"};
}

GlfwError take_glfw_error() {
  std::lock_guard lock(glfw_error_mutex);
  return std::exchange(last_glfw_error, {});
}

bool environment_has(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0';
}

bool display_configured() {
  return environment_has("DISPLAY") || environment_has("WAYLAND_DISPLAY");
}

WindowError cannot_open(const GlfwError& error) {
  if (!display_configured()) {
    return WindowError(
        "threadlab: cannot open a window: no display (set DISPLAY, or run under xvfb-run)");
  }
  return WindowError(fmt::format("threadlab: cannot open a window: {}", error.description));
}

WindowError gl_too_old(const std::string& offered) {
  return WindowError(fmt::format("threadlab: OpenGL {}.{} core is required, this display offers {}",
                                 required_gl_major, required_gl_minor, offered));
}

// After the display refused a 3.3 core context: which OpenGL it does offer,
// read from a hidden window with GLFW's default (any version) context.
std::optional<std::string> offered_gl_version() {
  glfwDefaultWindowHints();
  glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
  GLFWwindow* probe = glfwCreateWindow(64, 64, "threadlab OpenGL probe", nullptr, nullptr);
  if (probe == nullptr) return std::nullopt;
  glfwMakeContextCurrent(probe);
  using GetString = const unsigned char* (*)(unsigned int);
  auto get_string = reinterpret_cast<GetString>(glfwGetProcAddress("glGetString"));
  std::optional<std::string> version;
  if (get_string != nullptr) {
    if (const unsigned char* text = get_string(GL_VERSION)) {
      // "3.0 Mesa 22.3.6": the version is the first word.
      std::string full(reinterpret_cast<const char*>(text));
      version = full.substr(0, full.find(' '));
    }
  }
  glfwMakeContextCurrent(nullptr);
  glfwDestroyWindow(probe);
  return version;
}

// GLFW's words when the X server lacks the GLX extension (Xvfb started with
// -extension GLX, some remote displays): no OpenGL at all, not an old one.
bool is_missing_glx(const GlfwError& error) {
  return error.description.find("GLX extension not found") != std::string::npos ||
         (error.code == GLFW_API_UNAVAILABLE && error.description.rfind("GLX:", 0) == 0);
}

WindowError no_glx(const GlfwError& error) {
  std::string reason = error.description;
  if (reason.rfind("GLX: ", 0) == 0) reason.erase(0, 5);  // GLFW's prefix; the message names GLX already
  return WindowError(fmt::format(
      "threadlab: this X display has no OpenGL (GLX) support: {} (a remote X display or an Xvfb started with "
      "-extension GLX lacks it; run on a display with OpenGL)",
      reason));
}

bool is_version_refusal(int glfw_error_code) {
  return glfw_error_code == GLFW_VERSION_UNAVAILABLE || glfw_error_code == GLFW_API_UNAVAILABLE ||
         glfw_error_code == GLFW_FORMAT_UNAVAILABLE;
}

}  // namespace

std::optional<std::filesystem::path> imgui_ini_path() {
  std::filesystem::path config;
  if (environment_has("XDG_CONFIG_HOME")) {
    config = std::getenv("XDG_CONFIG_HOME");
  } else if (environment_has("HOME")) {
    config = std::filesystem::path(std::getenv("HOME")) / ".config";
  } else {
    return std::nullopt;
  }
  const auto directory = config / "threadlab";
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error || !std::filesystem::is_directory(directory, error)) return std::nullopt;
  return directory / "imgui.ini";
}

struct Window::ImGuiSession {
  ImGuiSession(GLFWwindow* window, const std::string& ini_path, UiScale& scale) : ini_path(ini_path) {
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    scale.register_settings();  // the zoom is saved with the layout
    ImGuiIO& io = ImGui::GetIO();
    // ImGui's own loading would open whatever sits at the path (a FIFO hangs
    // start-up, a huge file takes seconds to parse): it loads nothing itself,
    // and gets the file only once read_settings_file has checked it.
    io.IniFilename = nullptr;
    if (!ini_path.empty()) {
      const SettingsFile settings = read_settings_file(ini_path);
      if (!settings.warning.empty()) fmt::print(stderr, "{}\n", settings.warning);
      if (settings.contents) ImGui::LoadIniSettingsFromMemory(settings.contents->data(), settings.contents->size());
      save_on_exit = settings.may_save;
    }
    // The font and the style follow the UI scale (window/ui_scale.hpp), built
    // before the first frame.
    glfw_backend = ImGui_ImplGlfw_InitForOpenGL(window, true);
    gl_backend = glfw_backend && ImGui_ImplOpenGL3_Init(glsl_version);
    if (!gl_backend) {
      save_on_exit = false;
      shut_down();
      throw WindowError("threadlab: cannot start Dear ImGui's OpenGL 3 backend");
    }
  }
  ~ImGuiSession() { shut_down(); }

  void shut_down() {
    if (gl_backend) ImGui_ImplOpenGL3_Shutdown();
    if (glfw_backend) ImGui_ImplGlfw_Shutdown();
    gl_backend = glfw_backend = false;
    if (ImGui::GetCurrentContext() != nullptr) {
      save_settings();
      ImGui::DestroyContext();
    }
  }

  // The layout, written atomically where ImGui would have written it. A
  // failure costs only the layout: one line, not the session's exit code.
  void save_settings() {
    if (!save_on_exit || ini_path.empty()) return;
    save_on_exit = false;
    std::size_t size = 0;
    const char* text = ImGui::SaveIniSettingsToMemory(&size);
    try {
      write_file_atomically(ini_path, std::string_view(text, size));
    } catch (const std::exception& error) {
      fmt::print(stderr, "threadlab: the window layout was not saved: {}\n", error.what());
    }
  }

  std::string ini_path;
  bool save_on_exit = false;
  bool glfw_backend = false;
  bool gl_backend = false;
};

Window::GlfwLibrary::~GlfwLibrary() { glfwTerminate(); }

void Window::WindowDeleter::operator()(GLFWwindow* window) const { glfwDestroyWindow(window); }

Window::Window(WindowSize size, const char* title) {
  // Checked before anything opens: a typo must not silently mean the default.
  const char* redraw_value = std::getenv("THREADLAB_REDRAW");
  const std::optional<RedrawChoice> redraw = redraw_choice(redraw_value);
  if (!redraw) {
    throw WindowError(fmt::format("threadlab: THREADLAB_REDRAW is '{}'; it must be 'changes' (the default) or 'all'",
                                  redraw_value));
  }
  glfwSetErrorCallback(record_glfw_error);
  if (!glfwInit()) throw cannot_open(take_glfw_error());
  glfw_.emplace();

  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, required_gl_major);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, required_gl_minor);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  window_.reset(glfwCreateWindow(size.width, size.height, title, nullptr, nullptr));
  if (!window_) {
    const GlfwError error = take_glfw_error();
    if (is_missing_glx(error)) throw no_glx(error);
    if (!is_version_refusal(error.code)) throw cannot_open(error);
    throw gl_too_old(offered_gl_version().value_or(error.description));
  }

  glfwMakeContextCurrent(window_.get());
  const int loaded = gladLoadGL(glfwGetProcAddress);
  if (loaded == 0) throw WindowError("threadlab: cannot load the OpenGL functions of this display");
  const int major = GLAD_VERSION_MAJOR(loaded), minor = GLAD_VERSION_MINOR(loaded);
  if (major < required_gl_major || (major == required_gl_major && minor < required_gl_minor)) {
    throw gl_too_old(fmt::format("{}.{}", major, minor));
  }
  // Frames are paced by the app, which must keep answering the probe between them.
  glfwSwapInterval(0);

  // Installed before ImGui's backend, which then passes every key on to it.
  glfwSetWindowUserPointer(window_.get(), this);
  glfwSetKeyCallback(window_.get(), &Window::on_key);

  if (auto ini = imgui_ini_path()) ini_path_ = ini->string();
  imgui_ = std::make_unique<ImGuiSession>(window_.get(), ini_path_, ui_scale_);
  renderer_ = std::make_unique<DamageRenderer>(redraws_only_changes(gl_renderer(), *redraw));
}

Window::~Window() {
  imgui_.reset();
  window_.reset();
  glfw_.reset();
}

void Window::close_on_signals() { signals::install(); }

// A signal (SIGINT, SIGTERM, SIGHUP: process/signals.hpp) ends the session as the
// close button does (the loop polls at least every frame period), so Ctrl+C,
// `kill` and a closed terminal also join every thread.
bool Window::should_close() const {
  return glfwWindowShouldClose(window_.get()) != 0 || signals::close_requested();
}

void Window::on_key(GLFWwindow* window, int key, int /*scancode*/, int action, int mods) {
  if (action != GLFW_PRESS && action != GLFW_REPEAT) return;
  auto* self = static_cast<Window*>(glfwGetWindowUserPointer(window));
  if (self->ui_scale_.handle_key(key, mods) || action != GLFW_PRESS) return;
  self->key_presses_.push_back(key);
  self->key_pressed_since_render_ = true;
}

std::vector<int> Window::take_key_presses() { return std::exchange(key_presses_, {}); }

void Window::poll_events() { glfwPollEvents(); }

void Window::wait_events(double seconds) { glfwWaitEventsTimeout(seconds); }

void Window::begin_imgui_frame() {
  if (ui_scale_.update(window_.get())) {
    font_filter_set_ = false;  // a new atlas texture
    rescaled_ = true;
  }
  ImGui_ImplOpenGL3_NewFrame();
  if (!font_filter_set_) {
    // Every fragment ImGui draws samples the font atlas (solid shapes use
    // its white texel). Glyphs sit on whole pixels at the atlas's own size,
    // so nearest sampling shows the same pixels; under software OpenGL it
    // saves about a sixth of the idle window's CPU per frame (threadlab
    // bench: 24.5 -> 20.3-21.2 ms at 1600x900). The backend creates the
    // atlas in its first NewFrame.
    if (const ImTextureID atlas = ImGui::GetIO().Fonts->TexID) {
      glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(reinterpret_cast<std::intptr_t>(atlas)));
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
      font_filter_set_ = true;
    }
  }
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
}

void Window::render_and_swap() {
  ImGui::Render();
  int width = 0, height = 0;
  glfwGetFramebufferSize(window_.get(), &width, &height);
  // A captured frame is drawn whole: a picture for others to read must not
  // show one panel's figures a tenth of a second older than another's.
  renderer_->render(*ImGui::GetDrawData(), width, height, ui::framebuffer_clear_colour(),
                    {.user_input = std::exchange(key_pressed_since_render_, false), .whole = capture_requested_ || std::exchange(rescaled_, false)});
  if (capture_requested_) {
    capture_requested_ = false;
    captured_ = read_back_buffer(width, height);
  }
  glfwSwapBuffers(window_.get());
}

void Window::clear_and_swap() {
  int width = 0, height = 0;
  glfwGetFramebufferSize(window_.get(), &width, &height);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  glDisable(GL_SCISSOR_TEST);
  glViewport(0, 0, width, height);
  const ImVec4 colour = ui::framebuffer_clear_colour();
  glClearColor(colour.x, colour.y, colour.z, colour.w);
  glClear(GL_COLOR_BUFFER_BIT);
  glfwSwapBuffers(window_.get());
  renderer_->invalidate();
}

void Window::texture_changed(ImTextureID texture, ImVec4 uv) { renderer_->texture_changed(texture, uv); }

double Window::last_redrawn_share() const { return renderer_->last_redrawn_share(); }

void Window::prepare_captures(int count) {
  int width = 0, height = 0;
  glfwGetFramebufferSize(window_.get(), &width, &height);
  const std::size_t bytes = static_cast<std::size_t>(std::max(width, 0)) * static_cast<std::size_t>(std::max(height, 0)) * 4;
  spare_buffers_.clear();
  for (int i = 0; i < count; ++i) {
    // resize() writes every byte, so the pages are mapped now, not during
    // a measured frame.
    spare_buffers_.emplace_back(bytes);
  }
}

std::optional<CapturedFrame> Window::read_back_buffer(int width, int height) {
  if (width <= 0 || height <= 0) return std::nullopt;
  // The swap that follows waits for the driver to finish drawing anyway;
  // waiting here first means the time below is the capture alone: what it
  // adds to the frame.
  glFinish();
  const auto started = std::chrono::steady_clock::now();
  const std::size_t bytes = static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 4;
  CapturedFrame frame;
  frame.width = width;
  frame.height = height;
  // A fresh 6 MB buffer costs 3-5 ms of page faults at 1600x900, three times
  // the read itself: a prepared one is used when there is one.
  if (!spare_buffers_.empty() && spare_buffers_.back().size() == bytes) {
    frame.bgra_bottom_up = std::move(spare_buffers_.back());
    spare_buffers_.pop_back();
  } else {
    frame.bgra_bottom_up.resize(bytes);
  }
  glReadBuffer(GL_BACK);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  // BGRA is how the framebuffer is kept: the read is a copy, not a
  // conversion (GL_RGBA took 2-3 times as long under llvmpipe).
  glReadPixels(0, 0, width, height, GL_BGRA, GL_UNSIGNED_BYTE, frame.bgra_bottom_up.data());
  frame.read_ms = to_ms(std::chrono::steady_clock::now() - started);
  return frame;
}

namespace {
std::string gl_string(GLenum name) {
  const auto* text = reinterpret_cast<const char*>(glGetString(name));
  return text ? text : "unknown";
}
}  // namespace

std::string Window::gl_renderer() const { return gl_string(GL_RENDERER); }
std::string Window::gl_version() const { return gl_string(GL_VERSION); }

void Window::wake() { glfwPostEmptyEvent(); }

}  // namespace threadlab::app
