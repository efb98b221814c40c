#include "widgets.hpp"

#include <algorithm>
#include <string>

#include "panels/panels.hpp"

namespace threadlab::ui {

namespace {

// Where values start in label_value rows, in multiples of the font size.
constexpr float label_column_ems = 8.5f;

}  // namespace

ImVec4 colour_good() { return {0.40f, 0.80f, 0.40f, 1.0f}; }
ImVec4 colour_warning() { return {0.95f, 0.70f, 0.20f, 1.0f}; }
ImVec4 colour_bad() { return {0.95f, 0.30f, 0.30f, 1.0f}; }
ImVec4 colour_muted() { return ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled); }

ImU32 packed(ImVec4 colour, float alpha) {
  colour.w *= alpha;
  return ImGui::ColorConvertFloat4ToU32(colour);
}

ImVec4 latency_colour(double milliseconds) {
  if (milliseconds > 100.0) return colour_bad();
  if (milliseconds > 33.4) return colour_warning();
  return ImGui::GetStyleColorVec4(ImGuiCol_Text);
}

void text(std::string_view line) {
  if (line.empty()) line = " ";  // an empty view may have no data() to point at
  ImGui::TextUnformatted(line.data(), line.data() + line.size());
}

void coloured_text(ImVec4 colour, std::string_view line) {
  ImGui::PushStyleColor(ImGuiCol_Text, colour);
  text(line);
  ImGui::PopStyleColor();
}

void help_marker(const char* help) {
  ImGui::TextDisabled("(?)");
  // Explanations matter most next to a control that is disabled.
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 35.0f);
    ImGui::TextUnformatted(help);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

void panel_intro(std::string_view what_this_shows, const char* help) {
  // Wrap short of the edge when a marker follows, so that it stays in view.
  const float marker_width = help ? ImGui::CalcTextSize("(?)").x + ImGui::GetStyle().ItemSpacing.x : 0.0f;
  ImGui::PushTextWrapPos(ImGui::GetContentRegionMax().x - marker_width);
  ImVec4 colour = ImGui::GetStyleColorVec4(ImGuiCol_Text);
  colour.w *= 0.75f;  // quieter than the figures, which are what matters
  coloured_text(colour, what_this_shows);
  ImGui::PopTextWrapPos();
  if (help) {
    ImGui::SameLine();
    help_marker(help);
  }
  ImGui::Separator();
}

void label_value(std::string_view label, std::string_view value, ImVec4 colour, const char* help) {
  // Where the label starts: inside a tree node it is indented.
  const float label_start = ImGui::GetCursorPosX();
  text(label);
  // Values line up after the labels; a label longer than the column pushes its value along.
  const float column = ImGui::GetFontSize() * label_column_ems;
  const float label_width = ImGui::CalcTextSize(label.data(), label.data() + label.size()).x;
  if (label_start + label_width + ImGui::GetStyle().ItemSpacing.x <= column) {
    ImGui::SameLine(column);
  } else {
    ImGui::SameLine();
  }
  coloured_text(colour, value);
  if (help) {
    ImGui::SameLine();
    help_marker(help);
  }
}

void label_value(std::string_view label, std::string_view value, const char* help) {
  label_value(label, value, ImGui::GetStyleColorVec4(ImGuiCol_Text), help);
}

float remaining_width() { return std::max(ImGui::GetContentRegionAvail().x, 1.0f); }

bool begin_figure_table(const char* id, int columns, std::size_t rows, std::size_t most_rows_shown) {
  constexpr ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                    ImGuiTableFlags_BordersOuterH | ImGuiTableFlags_SizingFixedFit |
                                    ImGuiTableFlags_Resizable | ImGuiTableFlags_ScrollX |
                                    ImGuiTableFlags_ScrollY;
  // Scrolling tables need their height up front: the header and the rows shown.
  const ImGuiStyle& style = ImGui::GetStyle();
  const float row_height = ImGui::GetTextLineHeight() + 2.0f * style.CellPadding.y;
  const auto rows_shown = static_cast<float>(std::min(rows, most_rows_shown) + 1);
  const float wanted = row_height * rows_shown + style.ScrollbarSize + 4.0f;
  // Rather than make the whole panel scroll, the table scrolls within the room left.
  const float room = ImGui::GetContentRegionAvail().y;
  const float height = room >= 4.0f * row_height ? std::min(wanted, room) : wanted;
  if (!ImGui::BeginTable(id, columns, flags, ImVec2(0.0f, height))) return false;
  ImGui::TableSetupScrollFreeze(1, 1);
  return true;
}

void note(std::string_view line) {
  ImGui::PushTextWrapPos(0.0f);
  coloured_text(colour_muted(), line);
  ImGui::PopTextWrapPos();
}

void labelled_bar(double fraction, std::string_view overlay) {
  const std::string overlay_text(overlay);
  ImGui::ProgressBar(static_cast<float>(std::clamp(fraction, 0.0, 1.0)), ImVec2(-FLT_MIN, 0.0f),
                     overlay_text.c_str());
}

void banner(std::string_view line, ImVec4 colour) {
  const ImVec2 padding = ImGui::GetStyle().FramePadding;
  const float width = std::max(ImGui::GetContentRegionAvail().x, 1.0f);
  const float wrap_width = std::max(width - 2.0f * padding.x, 1.0f);
  const char* begin = line.data();
  const char* end = line.data() + line.size();
  const ImVec2 text_size = ImGui::CalcTextSize(begin, end, false, wrap_width);
  const ImVec2 top_left = ImGui::GetCursorScreenPos();
  const ImVec2 bottom_right(top_left.x + width, top_left.y + text_size.y + 2.0f * padding.y);

  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(top_left, bottom_right, packed(colour, 0.25f), ImGui::GetStyle().FrameRounding);
  draw->AddRect(top_left, bottom_right, packed(colour, 0.8f), ImGui::GetStyle().FrameRounding);
  draw->AddText(ImGui::GetFont(), ImGui::GetFontSize(),
                ImVec2(top_left.x + padding.x, top_left.y + padding.y), ImGui::GetColorU32(ImGuiCol_Text),
                begin, end, wrap_width);
  ImGui::Dummy(ImVec2(width, bottom_right.y - top_left.y));
}

std::optional<int> segmented_choice(const char* id, std::initializer_list<const char*> labels, int selected) {
  std::optional<int> clicked;
  ImGui::PushID(id);
  int index = 0;
  for (const char* label : labels) {
    if (index > 0) ImGui::SameLine(0.0f, 0.0f);
    const bool is_selected = index == selected;
    // The selected option looks pressed; the others look like plain buttons.
    ImGui::PushStyleColor(ImGuiCol_Button,
                          ImGui::GetStyleColorVec4(is_selected ? ImGuiCol_ButtonActive : ImGuiCol_FrameBg));
    if (ImGui::Button(label) && !is_selected) clicked = index;
    ImGui::PopStyleColor();
    ++index;
  }
  ImGui::PopID();
  return clicked;
}

}  // namespace threadlab::ui
