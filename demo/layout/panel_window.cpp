// A panel's window: placed where the arrangement puts it (layout.hpp) on
// first use and again whenever the arrangement changes (a resize, another
// UI scale, another workload), so the layout follows the window live and a
// layout saved at another size re-flows. Between changes the user may move
// and resize panels as ImGui allows.

#include "panel_window.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <string_view>
#include <utility>

#include "layout.hpp"

namespace threadlab::ui {

namespace {

int index(Panel panel) { return static_cast<int>(panel); }

// The UI runs on one thread; these are presentation state only.
Layout frame_layout;
bool frame_layout_set = false;
Panel tab_choice = Panel::timeline;
PanelRect view_picture;

// What an arrangement was computed from: a panel is placed again when it differs.
struct LayoutKey {
  float w = -1, h = -1, font = -1;
  bool primes = false, scenario = false;
  friend bool operator==(const LayoutKey&, const LayoutKey&) = default;
};
LayoutKey frame_key;
LayoutKey placed_with[panel_count];

// Where each panel was when last drawn, and in which ImGui frame. Panels
// that overlap no other panel let the framebuffer clear (the same colour)
// be their background: under software OpenGL (llvmpipe) a second
// full-window layer of blended fragments was half of the idle window's CPU
// per frame. Overlapping panels (moved by the user) draw their backgrounds
// again, from the frame after they began to overlap, so neither shows through.
struct LastPlace {
  PanelRect rect;
  int frame = -1;
};
LastPlace last_place[panel_count];
bool draws_background[panel_count] = {};
// The context the places belong to: a new one (the headless tests make
// several) starts with none.
ImGuiContext* places_context = nullptr;

bool overlap(const PanelRect& a, const PanelRect& b) {
  // Neighbours share an edge; rounding may put them half a pixel apart.
  constexpr float tolerance = 0.5f;
  const float width = std::min(a.pos.x + a.size.x, b.pos.x + b.size.x) - std::max(a.pos.x, b.pos.x);
  const float height = std::min(a.pos.y + a.size.y, b.pos.y + b.size.y) - std::max(a.pos.y, b.pos.y);
  return width > tolerance && height > tolerance;
}

// Whether the panel overlaps a panel drawn this frame or the last one (the
// panels drawn after it this frame were last placed in the previous frame).
bool overlaps_another_panel(Panel panel, int frame) {
  const LastPlace& self = last_place[index(panel)];
  if (self.frame < 0) return false;
  for (int other = 0; other < panel_count; ++other) {
    if (other == index(panel)) continue;
    const LastPlace& place = last_place[other];
    if (place.frame >= frame - 1 && overlap(self.rect, place.rect)) return true;
  }
  return false;
}

void forget_places_of_another_context() {
  // A new context may reuse a destroyed one's address: places from frames
  // it has not reached yet are another context's too.
  const int frame = ImGui::GetFrameCount();
  const bool from_the_future =
      std::any_of(std::begin(last_place), std::end(last_place), [frame](const LastPlace& p) { return p.frame > frame; });
  if (ImGui::GetCurrentContext() == places_context && !from_the_future) return;
  places_context = ImGui::GetCurrentContext();
  for (LastPlace& place : last_place) place = {};
  for (LayoutKey& key : placed_with) key = {};
}

}  // namespace

void set_current_layout(const Layout& layout, const LayoutInput& input) {
  frame_layout = layout;
  frame_layout_set = true;
  frame_key = {input.window.x, input.window.y, input.font_size, input.primes_current, input.scenario};
}

const Layout& current_layout() {
  if (!frame_layout_set) set_default_layout(ImGui::GetIO().DisplaySize);
  return frame_layout;
}

void set_default_layout(ImVec2 window_size) {
  // Every panel shown, as the headless tests draw them one by one.
  LayoutInput input;
  input.window = window_size;
  input.primes_current = true;
  Layout layout = arrange_panels(input);
  layout.rects[index(Panel::scenario)] = layout.rects[index(Panel::mandelbrot)];
  layout.shown[index(Panel::scenario)] = true;
  set_current_layout(layout, input);
}

Panel selected_tab() { return tab_choice; }

void draw_panel_tabs(const Layout& layout) {
  if (layout.arrangement != Arrangement::compact) return;
  ImGui::SetNextWindowPos(layout.tab_strip.pos, ImGuiCond_Always);
  ImGui::SetNextWindowSize(layout.tab_strip.size, ImGuiCond_Always);
  constexpr ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBackground;
  if (ImGui::Begin("##panel-tabs", nullptr, flags)) {
    if (ImGui::BeginTabBar("panels", ImGuiTabBarFlags_FittingPolicyScroll)) {
      // The Timeline first, so it is the tab shown at first.
      for (const auto& [panel, label] : {std::pair{Panel::timeline, "Timeline"}, std::pair{Panel::frames, "Frames"},
                                         std::pair{Panel::heartbeat, "Heartbeat"}, std::pair{Panel::threads, "Threads"},
                                         std::pair{Panel::cores, "CPU cores"}, std::pair{Panel::locks, "Locks"},
                                         std::pair{Panel::primes, "Primes"}}) {
        if (!layout.tabbed[index(panel)]) continue;
        if (ImGui::BeginTabItem(label)) {
          tab_choice = panel;
          ImGui::EndTabItem();
        }
      }
      ImGui::EndTabBar();
    }
  }
  ImGui::End();
}

PanelWindow::PanelWindow(Panel panel, ImGuiWindowFlags flags, const char* title) {
  forget_places_of_another_context();
  const Layout& layout = current_layout();
  const int i = index(panel);
  if (!layout.shown[i] || (layout.tabbed[i] && tab_choice != panel)) {
    visible_ = began_ = false;
    return;
  }
  const ImGuiCond when = placed_with[i] == frame_key ? ImGuiCond_FirstUseEver : ImGuiCond_Always;
  placed_with[i] = frame_key;
  ImGui::SetNextWindowPos(layout.rects[i].pos, when);
  ImGui::SetNextWindowSize(layout.rects[i].size, when);
  const int frame = ImGui::GetFrameCount();
  const bool background = overlaps_another_panel(panel, frame);
  draws_background[i] = background;
  // Tabbed panels sit below their strip, which names them: no title bar, and
  // they are not moved by dragging.
  const ImGuiWindowFlags tab_flags =
      layout.tabbed[i] ? ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoCollapse : 0;
  // Content wider than the panel gets a scrollbar rather than being cut.
  visible_ = ImGui::Begin(title != nullptr ? title : panel_title(panel), nullptr,
                          flags | tab_flags | ImGuiWindowFlags_HorizontalScrollbar |
                              (background ? 0 : ImGuiWindowFlags_NoBackground));
  began_ = true;
  last_place[i] = {{ImGui::GetWindowPos(), ImGui::GetWindowSize()}, frame};
  if (panel == Panel::mandelbrot || panel == Panel::scenario) {
    const ImVec2 min = ImGui::GetWindowContentRegionMin(), max = ImGui::GetWindowContentRegionMax();
    const ImVec2 at = ImGui::GetWindowPos();
    view_picture = {ImVec2(at.x + min.x, at.y + min.y), ImVec2(max.x - min.x, max.y - min.y)};
  }
}

PanelWindow::~PanelWindow() {
  if (began_) ImGui::End();
}

bool panel_draws_background(Panel panel) { return draws_background[index(panel)]; }

namespace {

// The ImGui window, or a child window inside it, belongs to the panel.
bool belongs_to(std::string_view window_name, Panel panel) {
  const std::string_view title = panel_title(panel);
  return window_name == title || (window_name.starts_with(title) && window_name.substr(title.size()).starts_with('/'));
}

}  // namespace

bool panel_shows_figures(std::string_view window_name) {
  for (const Panel panel : {Panel::controls, Panel::cores, Panel::threads, Panel::locks, Panel::primes, Panel::frames}) {
    if (belongs_to(window_name, panel)) return true;
  }
  return false;
}

double panel_redraw_period_s(std::string_view window_name) {
  if (panel_shows_figures(window_name)) return figures_redraw_period_s;
  if (belongs_to(window_name, Panel::timeline)) return timeline_redraw_period_s;
  return 0.0;
}

std::vector<PlacedPanel> placed_panels() {
  std::vector<PlacedPanel> out;
  const int frame = ImGui::GetCurrentContext() ? ImGui::GetFrameCount() : 0;
  for (int i = 0; i < panel_count; ++i) {
    if (last_place[i].frame < 0 || last_place[i].frame < frame - 1) continue;
    out.push_back({panel_title(static_cast<Panel>(i)), last_place[i].rect});
  }
  return out;
}

PanelRect view_rect() { return view_picture; }
void set_view_rect(PanelRect rect) { view_picture = rect; }

}  // namespace threadlab::ui
