#include "elide.hpp"

#include <imgui.h>

namespace threadlab::ui {

namespace {
float width_of(std::string_view text) { return ImGui::CalcTextSize(text.data(), text.data() + text.size()).x; }
}  // namespace

std::string elide_to_width(std::string_view text, float width) {
  if (width_of(text) <= width) return std::string(text);
  constexpr std::string_view dots = "...";
  const float room = width - width_of(dots);
  // Binary search on the byte length, then back off to a UTF-8 boundary.
  std::size_t low = 0, high = text.size();
  while (low < high) {
    const std::size_t mid = (low + high + 1) / 2;
    if (width_of(text.substr(0, mid)) <= room) low = mid;
    else high = mid - 1;
  }
  while (low > 0 && low < text.size() && (static_cast<unsigned char>(text[low]) & 0xC0) == 0x80) --low;
  return std::string(text.substr(0, low)) + std::string(dots);
}

}  // namespace threadlab::ui
