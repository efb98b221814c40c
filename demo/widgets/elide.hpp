#pragma once
// Text cut to a width with "..." at its end, so labels in a narrow column
// never run into their neighbours; whoever draws one shows the full text on
// hover.

#include <string>
#include <string_view>

namespace threadlab::ui {

// `text` when it fits in `width` pixels at the current font, else its
// longest start that fits followed by "..." (just "..." when nothing does).
std::string elide_to_width(std::string_view text, float width);

}  // namespace threadlab::ui
