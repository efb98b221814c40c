#include "window/ui_scale.hpp"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

namespace threadlab::app {
namespace {

constexpr const char* font_path = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
constexpr float font_pixels = 16.0f;
constexpr float zoom_step = 1.1f;

void* open_entry(ImGuiContext*, ImGuiSettingsHandler*, const char* name) {
  return std::string_view(name) == "Zoom" ? reinterpret_cast<void*>(1) : nullptr;
}

void read_line(ImGuiContext*, ImGuiSettingsHandler* handler, void*, const char* line) {
  float zoom = 0.0f;
  if (std::sscanf(line, "Zoom=%f", &zoom) == 1 && std::isfinite(zoom)) {
    static_cast<UiScale*>(handler->UserData)->set_zoom(zoom);
  }
}

void write_all(ImGuiContext*, ImGuiSettingsHandler* handler, ImGuiTextBuffer* out) {
  out->appendf("[%s][Zoom]\nZoom=%.3f\n\n", handler->TypeName, static_cast<UiScale*>(handler->UserData)->zoom());
}

// ImGui's own style, scaled: colours dark, anti-aliased lines from geometry
// (the atlas is sampled nearest, window.cpp).
void apply_style(float scale) {
  ImGuiStyle style;
  ImGui::StyleColorsDark(&style);
  style.AntiAliasedLinesUseTex = false;
  style.ScaleAllSizes(scale);
  ImGui::GetStyle() = style;
}

void build_font(float scale) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  std::error_code error;
  const float pixels = std::round(font_pixels * scale);
  if (std::filesystem::exists(font_path, error)) {
    io.Fonts->AddFontFromFileTTF(font_path, pixels);
  } else {
    ImFontConfig config;
    config.SizePixels = pixels;
    io.Fonts->AddFontDefault(&config);
  }
  io.Fonts->Build();
}

}  // namespace

void UiScale::register_settings() {
  ImGuiSettingsHandler handler;
  handler.TypeName = "ThreadLab";
  handler.TypeHash = ImHashStr("ThreadLab");
  handler.ReadOpenFn = open_entry;
  handler.ReadLineFn = read_line;
  handler.WriteAllFn = write_all;
  handler.UserData = this;
  ImGui::GetCurrentContext()->SettingsHandlers.push_back(handler);
}

void UiScale::set_zoom(float zoom) { zoom_ = std::clamp(zoom, 0.25f, 4.0f); }

bool UiScale::handle_key(int key, int mods) {
  if ((mods & GLFW_MOD_CONTROL) == 0) return false;
  if (key == GLFW_KEY_EQUAL || key == GLFW_KEY_KP_ADD) {
    set_zoom(zoom_ * zoom_step);
  } else if (key == GLFW_KEY_MINUS || key == GLFW_KEY_KP_SUBTRACT) {
    set_zoom(zoom_ / zoom_step);
  } else if (key == GLFW_KEY_0 || key == GLFW_KEY_KP_0) {
    set_zoom(1.0f);
  } else {
    return false;
  }
  return true;
}

float UiScale::target(GLFWwindow* window) const {
  float base = override_;
  if (base <= 0.0f) {
    float x = 1.0f, y = 1.0f;
    glfwGetWindowContentScale(window, &x, &y);
    base = std::isfinite(y) && y > 0.0f ? y : 1.0f;
  }
  // Whole steps of 1/16, so the font is a whole number of pixels.
  return std::clamp(std::round(base * zoom_ * font_pixels) / font_pixels, smallest, largest);
}

bool UiScale::update(GLFWwindow* window) {
  const float wanted = target(window);
  if (wanted == built_) return false;
  build_font(wanted);
  apply_style(wanted);
  // The backend makes the font texture with its device objects on its first
  // frame; after that, a new atlas needs a new texture.
  if (built_ != 0.0f) {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
  }
  built_ = wanted;
  return true;
}

}  // namespace threadlab::app
