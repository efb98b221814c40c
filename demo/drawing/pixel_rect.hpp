#pragma once
// A rectangle of whole pixels, the unit the partial redraw works in.

#include <imgui.h>

#include <cstddef>
#include <vector>

namespace threadlab::app {

// Whole pixels, in ImGui's display coordinates: [x0, x1) x [y0, y1).
struct PixelRect {
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;

  bool empty() const { return x1 <= x0 || y1 <= y0; }
  long long area() const { return empty() ? 0 : static_cast<long long>(x1 - x0) * (y1 - y0); }
  bool overlaps(const PixelRect& other) const { return !intersected(other).empty(); }
  bool contains(ImVec2 point) const;
  bool contains(const PixelRect& other) const;
  PixelRect intersected(const PixelRect& other) const;
  friend bool operator==(const PixelRect&, const PixelRect&) = default;
};

// The smallest rectangle of whole pixels that holds the box (x0, y0, x1, y1).
PixelRect outward(const ImVec4& box);

// The smallest rectangle that holds both; an empty one adds nothing.
PixelRect union_of(const PixelRect& a, const PixelRect& b);

// At most `most` rectangles that hold all of `rects`: the two whose union
// adds the least area are joined, until few enough are left (the tiles of a
// ring become its four sides, not the square around it). Beyond 64
// rectangles, the one around them all.
std::vector<PixelRect> merged(std::vector<PixelRect> rects, std::size_t most);

}  // namespace threadlab::app
