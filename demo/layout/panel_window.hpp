#pragma once
// The window a panel draws into. It applies the layout (layout.hpp) on first
// use and whenever the arrangement changes, skips a panel the arrangement
// gives no room (or a tab not selected), and always ends what it began: ImGui requires End() after every Begin(),
// also when Begin() returns false (collapsed or clipped), and also on an
// early return from a draw function.

#include <imgui.h>

#include "layout.hpp"

namespace threadlab::ui {

class PanelWindow {
 public:
  // title: shown instead of panel_title(panel); it must end in the same
  // "###id" so that ImGui keeps one window (position, size) for both.
  explicit PanelWindow(Panel panel, ImGuiWindowFlags flags = 0, const char* title = nullptr);
  ~PanelWindow();
  PanelWindow(const PanelWindow&) = delete;
  PanelWindow& operator=(const PanelWindow&) = delete;

  // False when the window is collapsed or hidden: draw nothing then.
  bool visible() const { return visible_; }

 private:
  bool visible_ = false;
  bool began_ = false;  // Begin() was called: End() is owed
};

}  // namespace threadlab::ui
