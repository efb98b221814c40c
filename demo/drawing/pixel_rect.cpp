#include "drawing/pixel_rect.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace threadlab::app {

bool PixelRect::contains(ImVec2 point) const {
  return point.x >= float(x0) && point.x < float(x1) && point.y >= float(y0) && point.y < float(y1);
}

bool PixelRect::contains(const PixelRect& other) const {
  return x0 <= other.x0 && y0 <= other.y0 && other.x1 <= x1 && other.y1 <= y1;
}

PixelRect PixelRect::intersected(const PixelRect& other) const {
  return {std::max(x0, other.x0), std::max(y0, other.y0), std::min(x1, other.x1), std::min(y1, other.y1)};
}

PixelRect outward(const ImVec4& box) {
  return {static_cast<int>(std::floor(box.x)), static_cast<int>(std::floor(box.y)), static_cast<int>(std::ceil(box.z)),
          static_cast<int>(std::ceil(box.w))};
}

PixelRect union_of(const PixelRect& a, const PixelRect& b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  return {std::min(a.x0, b.x0), std::min(a.y0, b.y0), std::max(a.x1, b.x1), std::max(a.y1, b.y1)};
}

std::vector<PixelRect> merged(std::vector<PixelRect> rects, std::size_t most) {
  std::erase_if(rects, [](const PixelRect& rect) { return rect.empty(); });
  most = std::max<std::size_t>(most, 1);
  // Each join looks at every pair: past a few dozen rectangles (a whole
  // picture's tiles landing in one frame) that costs more than it saves,
  // and one rectangle around them all is what such a change needs anyway.
  constexpr std::size_t most_to_pair = 64;
  if (rects.size() > most_to_pair) {
    PixelRect all;
    for (const PixelRect& rect : rects) all = union_of(all, rect);
    return {all};
  }
  while (rects.size() > most) {
    std::size_t best_a = 0, best_b = 1;
    long long best_growth = union_of(rects[0], rects[1]).area() - rects[0].area() - rects[1].area();
    for (std::size_t a = 0; a < rects.size(); ++a) {
      for (std::size_t b = a + 1; b < rects.size(); ++b) {
        const long long growth = union_of(rects[a], rects[b]).area() - rects[a].area() - rects[b].area();
        if (growth < best_growth) {
          best_growth = growth;
          best_a = a;
          best_b = b;
        }
      }
    }
    rects[best_a] = union_of(rects[best_a], rects[best_b]);
    rects.erase(rects.begin() + static_cast<std::ptrdiff_t>(best_b));
  }
  return rects;
}

}  // namespace threadlab::app
