#include "drawing/draw_list_geometry.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstring>

namespace threadlab::app {

namespace {

// Past the bounds of a triangle's vertices, what rounding and blending can
// still touch.
constexpr float edge_margin_px = 1.0f;
// How far a vertex may lie from where an upright picture would put it.
constexpr float upright_tolerance_px = 0.5f;

bool same_vertex(const ImDrawVert& a, const ImDrawVert& b) { return std::memcmp(&a, &b, sizeof(ImDrawVert)) == 0; }

bool same_command(const DrawListGeometry::Command& a, const DrawListGeometry::Command& b) {
  return a.texture == b.texture && a.callback == b.callback && std::memcmp(&a.clip, &b.clip, sizeof(ImVec4)) == 0;
}

// A range [first, end) of a buffer that changed.
struct Span {
  std::size_t first = 0, end = 0;
};

// The changed middle of `before` and `after`: what lies between their
// longest common start and their longest common end, as the two
// comparisons (old element, new element) find them.
template <typename T, typename SameAtStart, typename SameAtEnd>
std::pair<Span, Span> changed_middle(const std::vector<T>& before, const std::vector<T>& after, SameAtStart same_at_start,
                                     SameAtEnd same_at_end) {
  const std::size_t shorter = std::min(before.size(), after.size());
  std::size_t start = 0;
  while (start < shorter && same_at_start(before[start], after[start])) ++start;
  std::size_t tail = 0;
  while (tail < shorter - start && same_at_end(before[before.size() - 1 - tail], after[after.size() - 1 - tail])) ++tail;
  return {Span{start, before.size() - tail}, Span{start, after.size() - tail}};
}

void grow(ImVec4& box, const ImVec2& point) {
  box.x = std::min(box.x, point.x);
  box.y = std::min(box.y, point.y);
  box.z = std::max(box.z, point.x);
  box.w = std::max(box.w, point.y);
}

const ImVec4 nothing(1e30f, 1e30f, -1e30f, -1e30f);  // grows into any box

// The bounds of every triangle that changed: named in `changed_indices`, or
// with a corner among the `changed` vertices (its other corners may not
// have moved, but what it covers did).
void grow_by(ImVec4& box, const DrawListGeometry& list, Span changed, Span changed_indices) {
  const auto moved = [&](std::uint32_t vertex) { return vertex >= changed.first && vertex < changed.end; };
  for (std::size_t i = 0; i + 2 < list.indices.size(); i += 3) {
    const std::uint32_t a = list.indices[i], b = list.indices[i + 1], c = list.indices[i + 2];
    const bool named = i + 3 > changed_indices.first && i < changed_indices.end;
    if (!named && !moved(a) && !moved(b) && !moved(c)) continue;
    for (const std::uint32_t corner : {a, b, c}) {
      if (corner < list.vertices.size()) grow(box, list.vertices[corner].pos);
    }
  }
}

// Every command starts where it did, or inside the changed middle: then
// each unchanged triangle keeps its clip and texture.
bool commands_follow(const DrawListGeometry& before, const DrawListGeometry& after, Span before_changed,
                     Span after_changed) {
  if (before.commands.size() != after.commands.size()) return false;
  const long long shift = static_cast<long long>(after.indices.size()) - static_cast<long long>(before.indices.size());
  for (std::size_t c = 0; c < before.commands.size(); ++c) {
    const DrawListGeometry::Command& old_command = before.commands[c];
    const DrawListGeometry::Command& new_command = after.commands[c];
    if (!same_command(old_command, new_command)) return false;
    const auto old_start = static_cast<long long>(old_command.first_index);
    const auto new_start = static_cast<long long>(new_command.first_index);
    const bool in_start = old_start <= static_cast<long long>(before_changed.first) && new_start == old_start;
    const bool in_end = old_start >= static_cast<long long>(before_changed.end) && new_start == old_start + shift;
    const bool inside = old_start >= static_cast<long long>(before_changed.first) &&
                        old_start <= static_cast<long long>(before_changed.end) &&
                        new_start >= static_cast<long long>(after_changed.first) &&
                        new_start <= static_cast<long long>(after_changed.end);
    if (!in_start && !in_end && !inside) return false;
  }
  return true;
}

}  // namespace

DrawListGeometry capture_geometry(const ImDrawList& list) {
  DrawListGeometry geometry;
  geometry.vertices.assign(list.VtxBuffer.Data, list.VtxBuffer.Data + list.VtxBuffer.Size);
  geometry.indices.reserve(static_cast<std::size_t>(list.IdxBuffer.Size));
  geometry.commands.reserve(static_cast<std::size_t>(list.CmdBuffer.Size));
  for (const ImDrawCmd& cmd : list.CmdBuffer) {
    const auto first = static_cast<unsigned int>(geometry.indices.size());
    for (unsigned int i = 0; i < cmd.ElemCount && cmd.IdxOffset + i < unsigned(list.IdxBuffer.Size); ++i) {
      geometry.indices.push_back(std::uint32_t(list.IdxBuffer[int(cmd.IdxOffset + i)]) + cmd.VtxOffset);
    }
    geometry.commands.push_back({cmd.ClipRect, cmd.TextureId, first,
                                 static_cast<unsigned int>(geometry.indices.size()) - first, cmd.UserCallback != nullptr});
  }
  return geometry;
}

bool DrawListGeometry::same_as(const ImDrawList& list) const {
  if (vertices.size() != std::size_t(list.VtxBuffer.Size) || commands.size() != std::size_t(list.CmdBuffer.Size)) {
    return false;
  }
  if (!vertices.empty() && std::memcmp(vertices.data(), list.VtxBuffer.Data, vertices.size() * sizeof(ImDrawVert)) != 0) {
    return false;
  }
  std::size_t next = 0;
  for (std::size_t c = 0; c < commands.size(); ++c) {
    const ImDrawCmd& cmd = list.CmdBuffer[int(c)];
    const Command& kept = commands[c];
    if (kept.texture != cmd.TextureId || kept.callback != (cmd.UserCallback != nullptr) ||
        std::memcmp(&kept.clip, &cmd.ClipRect, sizeof(ImVec4)) != 0 || kept.first_index != next ||
        kept.index_count != cmd.ElemCount || cmd.IdxOffset + cmd.ElemCount > unsigned(list.IdxBuffer.Size)) {
      return false;
    }
    for (unsigned int i = 0; i < cmd.ElemCount; ++i) {
      if (indices[next + i] != std::uint32_t(list.IdxBuffer[int(cmd.IdxOffset + i)]) + cmd.VtxOffset) return false;
    }
    next += cmd.ElemCount;
  }
  return next == indices.size();
}

std::optional<PixelRect> changed_area(const DrawListGeometry& before, const DrawListGeometry& after) {
  const auto [old_vertices, new_vertices] = changed_middle(before.vertices, after.vertices, same_vertex, same_vertex);
  // An old index names the same vertex in the new list when that vertex is
  // in the common start, or in the common end, moved along by the change.
  const long long vertex_shift = static_cast<long long>(new_vertices.end) - static_cast<long long>(old_vertices.end);
  const auto same_vertex_named = [&](std::uint32_t old_index, std::uint32_t new_index) {
    if (old_index < old_vertices.first) return new_index == old_index;
    if (old_index < old_vertices.end) return false;
    return static_cast<long long>(new_index) == static_cast<long long>(old_index) + vertex_shift;
  };
  const auto [old_indices, new_indices] = changed_middle(before.indices, after.indices, same_vertex_named, same_vertex_named);
  if (!commands_follow(before, after, old_indices, new_indices)) return std::nullopt;
  if (std::any_of(after.commands.begin(), after.commands.end(), [](const auto& c) { return c.callback; })) {
    return std::nullopt;
  }
  ImVec4 box = nothing;
  grow_by(box, before, old_vertices, old_indices);
  grow_by(box, after, new_vertices, new_indices);
  if (box.z < box.x) return PixelRect{};
  return outward(ImVec4(box.x - edge_margin_px, box.y - edge_margin_px, box.z + edge_margin_px, box.w + edge_margin_px));
}

namespace {

// Where one command puts the texture's part `uv`, if it draws it upright.
std::optional<PixelRect> command_texture_area(const DrawListGeometry& list, const DrawListGeometry::Command& command,
                                              const ImVec4& uv) {
  ImVec4 screen = nothing, texels = nothing;
  for (unsigned int i = command.first_index; i < command.first_index + command.index_count; ++i) {
    if (list.indices[i] >= list.vertices.size()) return std::nullopt;
    const ImDrawVert& vertex = list.vertices[list.indices[i]];
    grow(screen, vertex.pos);
    grow(texels, vertex.uv);
  }
  if (screen.z < screen.x) return PixelRect{};
  const float u_span = texels.z - texels.x, v_span = texels.w - texels.y;
  if (!(u_span > 0.0f) || !(v_span > 0.0f)) return std::nullopt;
  const float x_per_u = (screen.z - screen.x) / u_span, y_per_v = (screen.w - screen.y) / v_span;
  const auto place = [&](const ImVec2& at) {
    return ImVec2(screen.x + (at.x - texels.x) * x_per_u, screen.y + (at.y - texels.y) * y_per_v);
  };
  for (unsigned int i = command.first_index; i < command.first_index + command.index_count; ++i) {
    const ImDrawVert& vertex = list.vertices[list.indices[i]];
    const ImVec2 expected = place(vertex.uv);
    if (std::fabs(expected.x - vertex.pos.x) > upright_tolerance_px ||
        std::fabs(expected.y - vertex.pos.y) > upright_tolerance_px) {
      return std::nullopt;
    }
  }
  const ImVec4 part(std::max(uv.x, texels.x), std::max(uv.y, texels.y), std::min(uv.z, texels.z),
                    std::min(uv.w, texels.w));
  if (part.z <= part.x || part.w <= part.y) return PixelRect{};
  const ImVec2 from = place(ImVec2(part.x, part.y)), to = place(ImVec2(part.z, part.w));
  return outward(ImVec4(from.x - edge_margin_px, from.y - edge_margin_px, to.x + edge_margin_px, to.y + edge_margin_px))
      .intersected(outward(command.clip));
}

}  // namespace

std::optional<PixelRect> texture_area(const DrawListGeometry& list, ImTextureID texture, const ImVec4& uv) {
  PixelRect area;
  for (const DrawListGeometry::Command& command : list.commands) {
    if (command.texture != texture || command.callback) continue;
    const std::optional<PixelRect> part = command_texture_area(list, command, uv);
    if (!part) return std::nullopt;
    area = union_of(area, *part);
  }
  return area;
}

}  // namespace threadlab::app
