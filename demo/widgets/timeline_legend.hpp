#pragma once
// The Timeline's key: its legend row and the help text of its (?) marker.

#include <imgui.h>

#include <initializer_list>
#include <utility>

#include "timeline_colours.hpp"

namespace threadlab::ui {

// Colour squares with their labels, wrapped onto new rows when the next
// entry does not fit. The caller leaves the cursor on its own line.
void timeline_legend(std::initializer_list<std::pair<timeline_colours::Rgb, const char*>> entries);

// What the lanes, bars, strips and ticks mean.
extern const char* const timeline_help_text;

}  // namespace threadlab::ui
