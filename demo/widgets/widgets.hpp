#pragma once
// Small widgets every panel shares, so that they all look alike. Colour is
// used sparingly and always means the same: green good, amber warning, red
// frozen or failing. (help_marker and segmented_choice are in panels.hpp.)

#include <imgui.h>

#include <cstddef>
#include <string_view>

namespace threadlab::ui {

ImVec4 colour_good();
ImVec4 colour_warning();
ImVec4 colour_bad();
ImVec4 colour_muted();
// The colour with its alpha scaled, packed for a draw list or a table cell.
ImU32 packed(ImVec4 colour, float alpha = 1.0f);

// Colour for a latency: default text up to 33 ms (two frames at 60 Hz),
// amber up to 100 ms, red beyond (a user sees a stall).
ImVec4 latency_colour(double milliseconds);

// ImGui::TextUnformatted for a string_view (fmt results go straight in).
void text(std::string_view line);
void coloured_text(ImVec4 colour, std::string_view line);

// The panel's one-line "what this shows", wrapped to the panel width.
void panel_intro(std::string_view what_this_shows, const char* help = nullptr);

// "Label      value (?)": labels in one column, values aligned after it.
void label_value(std::string_view label, std::string_view value, const char* help = nullptr);
void label_value(std::string_view label, std::string_view value, ImVec4 colour, const char* help = nullptr);

// Width left on the current line, at least one pixel. ImGui's plots, unlike
// most widgets, do not read a negative width as "fill the line".
float remaining_width();

// A table of figures: row stripes, column borders, and the first column kept
// in view with a horizontal scrollbar when the columns do not fit. Tall enough
// for up to `most_rows_shown` rows and no taller than the room left in the
// panel, then it scrolls. Sets up the scroll freeze;
// the caller sets up the columns, and calls ImGui::EndTable() when it returns true.
bool begin_figure_table(const char* id, int columns, std::size_t rows, std::size_t most_rows_shown);

// Muted, wrapped text for "nothing here yet" and similar notes.
void note(std::string_view line);

// A full-width progress bar with the given text on it.
void labelled_bar(double fraction, std::string_view overlay);

// A wrapped line of text on a tinted background, for the mode banner.
void banner(std::string_view line, ImVec4 colour);

}  // namespace threadlab::ui
