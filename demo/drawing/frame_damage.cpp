#include "drawing/frame_damage.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <optional>
#include <utility>

namespace threadlab::app {

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

bool samples(const DrawListSummary& list, ImTextureID texture) {
  return std::find(list.textures.begin(), list.textures.end(), texture) != list.textures.end();
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

std::vector<DrawListSummary> summarize_draw_data(const ImDrawData& data, const FrameDamage* on_screen) {
  std::vector<DrawListSummary> lists;
  lists.reserve(static_cast<std::size_t>(std::max(data.CmdListsCount, 0)));
  for (int l = 0; l < data.CmdListsCount; ++l) {
    const ImDrawList& list = *data.CmdLists[l];
    if (on_screen != nullptr) {
      if (std::optional<DrawListSummary> same = on_screen->unchanged(list)) {
        lists.push_back(std::move(*same));
        continue;
      }
    }
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
    summary.geometry = std::make_shared<const DrawListGeometry>(capture_geometry(list));
    lists.push_back(std::move(summary));
  }
  return lists;
}

std::optional<DrawListSummary> FrameDamage::unchanged(const ImDrawList& list) const {
  const std::string_view owner = list._OwnerName != nullptr ? list._OwnerName : "";
  for (const Shown& shown : on_screen_) {
    if (shown.owner != owner) continue;
    if (!shown.geometry || !shown.geometry->same_as(list)) return std::nullopt;
    DrawListSummary summary{shown.owner, shown.extent, shown.content_hash, {}, shown.geometry};
    for (const DrawListGeometry::Command& command : shown.geometry->commands) {
      const bool draws = command.index_count > 0 || command.callback;
      if (draws && std::find(summary.textures.begin(), summary.textures.end(), command.texture) == summary.textures.end()) {
        summary.textures.push_back(command.texture);
      }
    }
    return summary;
  }
  return std::nullopt;
}

FrameDamage::FrameDamage(std::function<double(std::string_view owner)> redraw_period_s)
    : redraw_period_s_(std::move(redraw_period_s)) {}

std::vector<PixelRect> FrameDamage::list_damage(const DrawListSummary& list, const Shown& shown,
                                                const FrameInput& frame) const {
  const PixelRect visible = list.extent.intersected(frame.display);
  if (shown.extent != list.extent) return {shown.extent.intersected(frame.display), visible};
  std::vector<PixelRect> rects;
  for (const TextureChange& change : frame.changed_textures) {
    if (!samples(list, change.texture)) continue;
    std::optional<PixelRect> area;
    if (list.geometry) area = texture_area(*list.geometry, change.texture, change.uv);
    rects.push_back(area ? area->intersected(visible) : visible);
  }
  if (shown.content_hash == list.content_hash && shown.current) return rects;
  const bool may_wait = rects.empty() && !frame.user_input && redraw_period_s_ &&
                        frame.now_s - shown.drawn_at_s < redraw_period_s_(list.owner) && !list.extent.contains(frame.mouse);
  if (may_wait) return {};
  std::optional<PixelRect> inside;
  if (shown.current && shown.geometry && list.geometry) inside = changed_area(*shown.geometry, *list.geometry);
  rects.push_back(inside ? inside->intersected(visible) : visible);
  return rects;
}

std::vector<PixelRect> FrameDamage::next(const FrameInput& frame) {
  std::vector<PixelRect> damage;
  std::vector<bool> matched(on_screen_.size(), false);
  std::vector<Shown> shown_next;
  shown_next.reserve(frame.lists.size());

  for (const DrawListSummary& list : frame.lists) {
    const Shown fresh{list.owner, list.extent, list.content_hash, list.geometry, frame.now_s, true};
    const Shown* shown = nullptr;
    for (std::size_t i = 0; i < on_screen_.size() && shown == nullptr; ++i) {
      if (!matched[i] && on_screen_[i].owner == list.owner) {
        matched[i] = true;
        shown = &on_screen_[i];
      }
    }
    if (whole_next_ || shown == nullptr) {
      add_rect(damage, list.extent.intersected(frame.display));
      shown_next.push_back(fresh);
      continue;
    }
    const std::vector<PixelRect> rects = list_damage(list, *shown, frame);
    for (const PixelRect& rect : rects) add_rect(damage, rect);
    // Drawn (in part or whole), it shows as it is now; a list that did not
    // change, or waits for its period, keeps the time it was last drawn.
    shown_next.push_back(rects.empty() ? *shown : fresh);
  }
  // What a list drew last frame and no list draws now (a tooltip closed).
  for (std::size_t i = 0; i < on_screen_.size(); ++i) {
    if (!matched[i]) add_rect(damage, on_screen_[i].extent.intersected(frame.display));
  }

  long long area = 0;
  for (const PixelRect& rect : damage) area += rect.area();
  if (whole_next_ || static_cast<double>(area) > whole_display_share * static_cast<double>(frame.display.area())) {
    damage = {frame.display};
  } else if (damage.size() > most_passes) {
    damage = merged(std::move(damage), most_passes);
  }
  whole_next_ = false;
  remember(frame, damage, std::move(shown_next));
  return damage;
}

void FrameDamage::remember(const FrameInput& frame, const std::vector<PixelRect>& damage, std::vector<Shown> shown_next) {
  // A list that a rectangle covers is drawn whole, as it is now. A waiting
  // one (changed, not drawn) that a rectangle only reaches into now shows
  // parts of two drawings, so it is drawn again as soon as its period allows.
  for (std::size_t i = 0; i < shown_next.size(); ++i) {
    Shown& shown = shown_next[i];
    const DrawListSummary& list = frame.lists[i];
    const PixelRect visible = list.extent.intersected(frame.display);
    if (std::any_of(damage.begin(), damage.end(), [&](const PixelRect& rect) { return rect.contains(visible); })) {
      shown = {list.owner, list.extent, list.content_hash, list.geometry, frame.now_s, true};
    } else if (shown.content_hash != list.content_hash &&
               std::any_of(damage.begin(), damage.end(), [&](const PixelRect& rect) { return rect.overlaps(visible); })) {
      shown.current = false;
    }
  }
  on_screen_ = std::move(shown_next);
}

}  // namespace threadlab::app
