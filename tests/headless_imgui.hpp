#pragma once
// A Dear ImGui context with no window and no GPU, at the window's default
// 1600x900: the headless panel tests and the panel benchmark draw the real
// panels into it and look at (or time) what they produce.

#include <imgui.h>

#include <filesystem>

#include "panels/panels.hpp"

namespace threadlab::test {

inline const ImVec2 default_display_size(1600.0f, 900.0f);

// The font the window uses (DejaVu Sans 16 px, Debian's fonts-dejavu-core);
// ImGui's built-in font otherwise. Text size decides whether a panel's
// content fits.
inline constexpr const char* app_font_path = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
inline constexpr float app_font_pixels = 16.0f;
inline bool app_font_installed() { return std::filesystem::exists(app_font_path); }

enum class Font { imgui_default, app };

class HeadlessImGui {
 public:
  explicit HeadlessImGui(Font font = Font::imgui_default) : context_(ImGui::CreateContext()) {
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // no saved positions: every panel starts where the layout puts it
    io.DisplaySize = default_display_size;
    io.DeltaTime = 1.0f / 60.0f;
    if (font == Font::app) io.Fonts->AddFontFromFileTTF(app_font_path, app_font_pixels);
    unsigned char* pixels = nullptr;
    int width = 0, height = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);  // builds the font atlas
    ui::set_default_layout(default_display_size);
  }
  ~HeadlessImGui() { ImGui::DestroyContext(context_); }
  HeadlessImGui(const HeadlessImGui&) = delete;
  HeadlessImGui& operator=(const HeadlessImGui&) = delete;

 private:
  ImGuiContext* context_;
};

}  // namespace threadlab::test
