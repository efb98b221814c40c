#pragma once
// The progress bar a long scripted run (the mode comparison, the benchmark)
// draws over the panels: bottom centre, so it shows in the window and in its
// screenshots without hiding the figures being measured.

#include <string>

namespace threadlab::app {

struct ProgressOverlay {
  std::string title;  // the window's title: "Comparing modes", "Benchmark"
  std::string stage;  // what runs now, shown on the bar
  double fraction = 0;

  // Draws it; call between ImGui::NewFrame() and ImGui::Render().
  void draw() const;
};

}  // namespace threadlab::app
