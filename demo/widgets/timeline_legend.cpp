// The Timeline's key: the legend row under its controls and the help text
// that says what each colour and tick means.

#include "timeline_legend.hpp"

#include <algorithm>

#include "widgets.hpp"

namespace threadlab::ui {

namespace colours = timeline_colours;

namespace {

ImU32 u32(colours::Rgb c) { return IM_COL32(c.r, c.g, c.b, 255); }

void legend_entry(colours::Rgb colour, const char* label) {
  const float side = ImGui::GetTextLineHeight() * 0.7f;
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const float top = at.y + (ImGui::GetTextLineHeight() - side) * 0.5f;
  ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(at.x, top), ImVec2(at.x + side, top + side), u32(colour));
  ImGui::Dummy(ImVec2(side, ImGui::GetTextLineHeight()));
  ImGui::SameLine(0.0f, 3.0f);
  ImVec4 text_colour = ImGui::GetStyleColorVec4(ImGuiCol_Text);
  text_colour.w *= 0.8f;
  coloured_text(text_colour, label);
}

}  // namespace

// Fits legend entries into rows: a new line when the next does not fit.
void timeline_legend(std::initializer_list<std::pair<colours::Rgb, const char*>> entries) {
  const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
  bool first = true;
  for (const auto& [colour, label] : entries) {
    const float width = ImGui::GetTextLineHeight() * 0.7f + 3.0f + ImGui::CalcTextSize(label).x + 1.0f;
    if (!first) ImGui::SameLine(0.0f, 10.0f);
    // The caller leaves the cursor on its own line: the first entry may wrap too.
    if (ImGui::GetCursorScreenPos().x + width > right - 8.0f) ImGui::NewLine();
    legend_entry(colour, label);
    first = false;
  }
}

const char* const timeline_help_text =
    "One lane per thread (threads of the same name, such as each image's new "
    "mandelbrot-N workers, share a lane), newest time on the right.\n\n"
    "Upper bar, recorded as it happens:\n"
    "  blue-grey: running, not in any wait\n"
    "  purple: the render thread inside the whole job (single-thread mode): no "
    "frame begins until it ends\n"
    "  red (Tracy): blocked waiting for a Lock (a thin red rule at the bar's foot: waits "
    "shorter than the pixel they share with a longer state); a line drops from its end to the "
    "lane of the thread that held the Lock when the wait began (who, in a "
    "barging Lock, usually let it go)\n"
    "  yellow (Tracy): holding a Lock another thread waits for\n"
    "  dark: waiting on an Event, a scenario's sleep, or the Lab's helpers (CPU sampler, probe, "
    "screenshot writer) idle between their turns\n"
    "Tracy's green (held, nobody waiting) is not drawn: an uncontended acquire "
    "records nothing and reads no clock, so that it stays one atomic instruction.\n\n"
    "Lower strip, sampled every 100 ms from /proc/self/task/TID/schedstat "
    "(Perfetto's colours): green = share of the interval on a core (Running), "
    "lime = share waiting on a run queue for a core (Runnable); blank = off the "
    "CPU (Sleeping or blocked).\n\n"
    "Ticks: on the render lane, a frame beginning (grey up to 16.7 ms after the "
    "last, amber up to 50 ms, red beyond: a freeze); on a worker lane, a work "
    "item (a tile) done. Threads the program did not start with threading (the "
    "GL driver's) have no lane.\n\n"
    "Wheel over the lanes, or the slider: how many seconds to show (2-10 s). "
    "Pause keeps the picture still to hover it; hover a stretch for its state, "
    "duration, Lock and holder.\n\n"
    "Lanes are at least 1.25 lines of text tall; with more threads than the panel holds, "
    "they scroll (the scrollbar on the right). A name too long for its column ends in "
    "\"...\": hover it for the whole name.";


}  // namespace threadlab::ui
