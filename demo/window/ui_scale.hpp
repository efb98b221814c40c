#pragma once
// How large the UI is drawn: the display's content scale (GLFW; on X11 the
// Xft.dpi resource / 96), or --ui-scale, times the user's zoom (Ctrl+= /
// Ctrl+- / Ctrl+0, saved with the layout in imgui.ini). The font atlas is
// built at 16 px x scale, so text stays sharp, and ImGui's style sizes are
// scaled once from the unscaled style on every change.

struct GLFWwindow;

namespace threadlab::app {

class UiScale {
 public:
  static constexpr float smallest = 0.5f, largest = 4.0f;

  // Registers the "[ThreadLab][Zoom]" section with ImGui: call after the
  // context exists and before its settings are loaded.
  void register_settings();
  // A scale chosen on the command line replaces the display's.
  void set_override(float scale) { override_ = scale; }
  // Ctrl+= / Ctrl+- / Ctrl+0 (the keypad's +, - and 0 too): true when the
  // key was a zoom key, which then changes the zoom.
  bool handle_key(int key, int mods);
  // Before a frame's NewFrame: rebuilds the font and the style when the
  // scale changed (the first call always builds). True when it did.
  bool update(GLFWwindow* window);
  // The scale the UI is drawn at now.
  float scale() const { return built_; }
  float zoom() const { return zoom_; }
  void set_zoom(float zoom);

 private:
  float target(GLFWwindow* window) const;
  float zoom_ = 1.0f;
  float override_ = 0.0f;  // 0: the display's
  float built_ = 0.0f;     // 0: nothing built yet
};

}  // namespace threadlab::app
