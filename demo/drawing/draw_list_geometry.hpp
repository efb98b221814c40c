#pragma once
// What one ImGui draw list draws, kept from the frame it was shown in, to
// find the few pixels a new frame changes inside it: a progress bar that
// moved, a figure that ticked, the tiles of a picture that landed. Drawing
// only those is what keeps a software-rendered window cheap; drawing the
// whole list (a panel) again would shade every pixel of it.
//
// ImGui builds a list by appending each shape's vertices and indices in
// drawing order, so a change inside a list leaves the vertices before it
// and after it as they were (those after it moved along in the buffers, not
// on screen). The change lies between the longest common start and end.

#include <imgui.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "drawing/pixel_rect.hpp"

namespace threadlab::app {

struct DrawListGeometry {
  struct Command {
    ImVec4 clip;
    ImTextureID texture = nullptr;
    unsigned int first_index = 0;  // into `indices`
    unsigned int index_count = 0;
    bool callback = false;
  };

  std::vector<ImDrawVert> vertices;
  std::vector<std::uint32_t> indices;  // each already offset by its command's VtxOffset
  std::vector<Command> commands;

  // Whether `list` draws exactly this: then it need not be copied again.
  bool same_as(const ImDrawList& list) const;
};

DrawListGeometry capture_geometry(const ImDrawList& list);

// The pixels the change from `before` to `after` can touch (empty: none).
// nullopt when the lists differ in a way only drawing all of both covers:
// commands added or removed, clipped or textured differently, a callback.
std::optional<PixelRect> changed_area(const DrawListGeometry& before, const DrawListGeometry& after);

// Where the part `uv` (u0, v0, u1, v1 in 0..1) of `texture` shows in this
// list (empty: it does not show). The caller widens `uv` by what the
// sampler's filtering reaches (a texel each way for linear filtering).
// nullopt when some command samples the texture other than as an upright
// rectangle (a rotated or distorted picture): then all it draws changed.
std::optional<PixelRect> texture_area(const DrawListGeometry& list, ImTextureID texture, const ImVec4& uv);

}  // namespace threadlab::app
