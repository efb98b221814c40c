#include "drawing/frame_damage.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <utility>

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

namespace {

// More separate passes than this cost more in draw calls than they save.
constexpr std::size_t most_passes = 10;
// Past this share of the display, one pass over everything is as cheap.
constexpr double whole_display_share = 0.6;

std::uint64_t bytes_hash(const void* data, std::size_t size) {
  return std::hash<std::string_view>{}(std::string_view(static_cast<const char*>(data), size));
}

void mix(std::uint64_t& hash, std::uint64_t value) {
  // boost::hash_combine's mixing step, widened to 64 bits.
  hash ^= value + 0x9e3779b97f4a7c15ULL + (hash << 6) + (hash >> 2);
}

std::uint64_t float_bits(float value) {
  std::uint32_t bits = 0;
  static_assert(sizeof bits == sizeof value);
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
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

bool samples_any(const DrawListSummary& list, const std::vector<ImTextureID>& textures) {
  return std::any_of(list.textures.begin(), list.textures.end(), [&](ImTextureID id) {
    return std::find(textures.begin(), textures.end(), id) != textures.end();
  });
}

// Rectangles that overlap stay separate: panels side by side share a
// border pixel, and their bounding box would take in whole columns that did
// not change. Each pass clears and redraws its whole rectangle, so drawing
// an overlap twice is correct, only redundant.
void add_rect(std::vector<PixelRect>& rects, const PixelRect& rect) {
  if (rect.empty()) return;
  if (std::any_of(rects.begin(), rects.end(), [&](const PixelRect& kept) { return kept.contains(rect); })) return;
  std::erase_if(rects, [&](const PixelRect& kept) { return rect.contains(kept); });
  rects.push_back(rect);
}

}  // namespace

std::vector<DrawListSummary> summarize_draw_data(const ImDrawData& data) {
  std::vector<DrawListSummary> lists;
  lists.reserve(static_cast<std::size_t>(std::max(data.CmdListsCount, 0)));
  for (int l = 0; l < data.CmdListsCount; ++l) {
    const ImDrawList& list = *data.CmdLists[l];
    DrawListSummary summary;
    summary.owner = list._OwnerName != nullptr ? list._OwnerName : "";
    std::uint64_t hash = bytes_hash(list.VtxBuffer.Data, sizeof(ImDrawVert) * static_cast<std::size_t>(list.VtxBuffer.Size));
    mix(hash, bytes_hash(list.IdxBuffer.Data, sizeof(ImDrawIdx) * static_cast<std::size_t>(list.IdxBuffer.Size)));
    PixelRect clips;
    for (const ImDrawCmd& cmd : list.CmdBuffer) {
      for (const float edge : {cmd.ClipRect.x, cmd.ClipRect.y, cmd.ClipRect.z, cmd.ClipRect.w}) mix(hash, float_bits(edge));
      mix(hash, reinterpret_cast<std::uintptr_t>(cmd.TextureId));
      mix(hash, cmd.VtxOffset);
      mix(hash, cmd.IdxOffset);
      mix(hash, cmd.ElemCount);
      mix(hash, reinterpret_cast<std::uintptr_t>(cmd.UserCallback));
      if (cmd.ElemCount == 0 && cmd.UserCallback == nullptr) continue;
      clips = union_of(clips, outward(cmd.ClipRect));
      if (std::find(summary.textures.begin(), summary.textures.end(), cmd.TextureId) == summary.textures.end()) {
        summary.textures.push_back(cmd.TextureId);
      }
    }
    // Root windows draw their title bars and borders with the whole display
    // as the clip: the geometry itself bounds what they touch.
    if (list.VtxBuffer.Size > 0) {
      ImVec4 bounds(list.VtxBuffer[0].pos.x, list.VtxBuffer[0].pos.y, list.VtxBuffer[0].pos.x, list.VtxBuffer[0].pos.y);
      for (const ImDrawVert& vertex : list.VtxBuffer) {
        bounds.x = std::min(bounds.x, vertex.pos.x);
        bounds.y = std::min(bounds.y, vertex.pos.y);
        bounds.z = std::max(bounds.z, vertex.pos.x);
        bounds.w = std::max(bounds.w, vertex.pos.y);
      }
      summary.extent = clips.intersected(outward(bounds));
    }
    summary.content_hash = hash;
    lists.push_back(std::move(summary));
  }
  return lists;
}

FrameDamage::FrameDamage(std::function<bool(std::string_view owner)> figures_only, double figures_period_s)
    : figures_only_(std::move(figures_only)), figures_period_s_(figures_period_s) {}

std::vector<PixelRect> FrameDamage::next(const FrameInput& frame) {
  std::vector<PixelRect> damage;
  std::vector<bool> matched(on_screen_.size(), false);
  std::vector<Shown> shown_next;
  shown_next.reserve(frame.lists.size());

  for (const DrawListSummary& list : frame.lists) {
    const Shown fresh{list.owner, list.extent, list.content_hash, frame.now_s, true};
    const Shown* shown = nullptr;
    for (std::size_t i = 0; i < on_screen_.size() && shown == nullptr; ++i) {
      if (!matched[i] && on_screen_[i].owner == list.owner) {
        matched[i] = true;
        shown = &on_screen_[i];
      }
    }
    bool draw = whole_next_ || shown == nullptr;
    if (!draw && shown->extent != list.extent) {
      add_rect(damage, shown->extent.intersected(frame.display));
      draw = true;
    }
    if (!draw && samples_any(list, frame.changed_textures)) draw = true;
    if (!draw && (shown->content_hash != list.content_hash || !shown->current)) {
      const bool may_wait = !frame.user_input && figures_only_ && figures_only_(list.owner) &&
                            frame.now_s - shown->drawn_at_s < figures_period_s_ && !list.extent.contains(frame.mouse);
      draw = !may_wait;
    }
    if (draw) add_rect(damage, list.extent.intersected(frame.display));
    shown_next.push_back(draw ? fresh : *shown);
  }
  // What a list drew last frame and no list draws now (a tooltip closed).
  for (std::size_t i = 0; i < on_screen_.size(); ++i) {
    if (!matched[i]) add_rect(damage, on_screen_[i].extent.intersected(frame.display));
  }

  long long area = 0;
  for (const PixelRect& rect : damage) area += rect.area();
  if (whole_next_ || damage.size() > most_passes ||
      static_cast<double>(area) > whole_display_share * static_cast<double>(frame.display.area())) {
    damage = {frame.display};
  }
  whole_next_ = false;

  // A list that a rectangle covers is drawn whole, as it is now. A waiting
  // one (changed, not drawn) that a rectangle only reaches into now shows
  // parts of two drawings, so it is drawn again as soon as its period allows.
  for (std::size_t i = 0; i < shown_next.size(); ++i) {
    Shown& shown = shown_next[i];
    const DrawListSummary& list = frame.lists[i];
    const PixelRect visible = list.extent.intersected(frame.display);
    if (std::any_of(damage.begin(), damage.end(), [&](const PixelRect& rect) { return rect.contains(visible); })) {
      shown = {list.owner, list.extent, list.content_hash, frame.now_s, true};
    } else if (shown.content_hash != list.content_hash &&
               std::any_of(damage.begin(), damage.end(), [&](const PixelRect& rect) { return rect.overlaps(visible); })) {
      shown.current = false;
    }
  }
  on_screen_ = std::move(shown_next);
  return damage;
}

}  // namespace threadlab::app
