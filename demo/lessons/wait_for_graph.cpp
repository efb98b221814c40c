// The deadlock's cycle drawn as a wait-for graph on the Scenario page.

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "scenario_page.hpp"
#include "widgets/widgets.hpp"

namespace threadlab::ui {

namespace {

constexpr float pi = 3.14159265358979f;

// Where a segment from a node's centre towards `towards` leaves the node: a
// box of half-size `half` or a circle of radius half.x.
ImVec2 node_edge(ImVec2 centre, ImVec2 towards, ImVec2 half, bool circle) {
  const float dx = towards.x - centre.x, dy = towards.y - centre.y;
  const float length = std::max(std::sqrt(dx * dx + dy * dy), 1.0f);
  float t;
  if (circle) {
    t = half.x / length;
  } else {
    const float tx = std::abs(dx) > 0.01f ? half.x / std::abs(dx) : 1e6f;
    const float ty = std::abs(dy) > 0.01f ? half.y / std::abs(dy) : 1e6f;
    t = std::min(tx, ty);
  }
  return ImVec2(centre.x + dx * t, centre.y + dy * t);
}

void draw_arrow(ImDrawList* draw, ImVec2 from, ImVec2 to, ImU32 colour, const char* label) {
  const float dx = to.x - from.x, dy = to.y - from.y;
  const float length = std::max(std::sqrt(dx * dx + dy * dy), 1.0f);
  const ImVec2 unit(dx / length, dy / length);
  const ImVec2 normal(-unit.y, unit.x);
  const float head = 9.0f;
  const ImVec2 base(to.x - unit.x * head, to.y - unit.y * head);
  draw->AddLine(from, base, colour, 2.0f);
  draw->AddTriangleFilled(to, ImVec2(base.x + normal.x * head * 0.5f, base.y + normal.y * head * 0.5f),
                          ImVec2(base.x - normal.x * head * 0.5f, base.y - normal.y * head * 0.5f), colour);
  // Beside the line, far enough along the normal that the text clears it.
  const ImVec2 size = ImGui::CalcTextSize(label);
  const float clearance = std::abs(normal.x) * size.x / 2 + std::abs(normal.y) * size.y / 2 + 4.0f;
  const ImVec2 middle((from.x + to.x) / 2 + normal.x * clearance, (from.y + to.y) / 2 + normal.y * clearance);
  draw->AddText(ImVec2(middle.x - size.x / 2, middle.y - size.y / 2), colour, label);
}

// One node of the graph: a thread (a box) or a Lock (a circle).
struct Node {
  std::string label;
  bool lock = false;
  ImVec2 position;
  ImVec2 half;  // half the box's size; for a circle, its radius in both
};

// Thread 0, the Lock it waits for, thread 1, ..., sized to their labels.
std::vector<Node> cycle_nodes(const DeadlockCycle& cycle) {
  const float pad = ImGui::GetStyle().FramePadding.x * 2;
  std::vector<Node> nodes;
  for (std::size_t i = 0; i < 2 * cycle.links.size(); ++i) {
    const LockOrderStep& link = cycle.links[i / 2];
    Node node;
    node.lock = i % 2 == 1;
    node.label = node.lock ? link.wanted.name : link.thread_name;
    const ImVec2 text_size = ImGui::CalcTextSize(node.label.c_str());
    if (node.lock) {
      const float radius = std::max({text_size.x, text_size.y, ImGui::GetFontSize()}) / 2 + pad;
      node.half = ImVec2(radius, radius);
    } else {
      node.half = ImVec2(text_size.x / 2 + pad, text_size.y / 2 + pad);
    }
    nodes.push_back(std::move(node));
  }
  return nodes;
}

// The nodes on an ellipse that fills the area, the first thread on the
// left, then clockwise.
void place_on_ellipse(std::vector<Node>& nodes, ImVec2 centre, float width, float height) {
  float widest = 0;
  for (const Node& node : nodes) widest = std::max(widest, node.half.x);
  const float radius_x = std::max(width / 2 - widest - 4.0f, 20.0f);
  const float radius_y = std::max(height / 2 - 24.0f, 20.0f);
  const std::size_t count = nodes.size();
  for (std::size_t i = 0; i < count; ++i) {
    const float angle = pi + 2 * pi * float(i) / float(count);
    nodes[i].position = ImVec2(centre.x + radius_x * std::cos(angle), centre.y + radius_y * std::sin(angle));
  }
}

// A thread "waits for" the next Lock (red); a Lock is "held by" the next thread (green).
void draw_edges(ImDrawList* draw, const std::vector<Node>& nodes) {
  const ImU32 waits_colour = packed(colour_bad());
  const ImU32 held_colour = packed(colour_good());
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const Node& from = nodes[i];
    const Node& to = nodes[(i + 1) % nodes.size()];
    const ImVec2 start = node_edge(from.position, to.position, from.half, from.lock);
    const ImVec2 end = node_edge(to.position, from.position, to.half, to.lock);
    draw_arrow(draw, start, end, from.lock ? held_colour : waits_colour, from.lock ? "held by" : "waits for");
  }
}

void draw_node(ImDrawList* draw, const Node& node) {
  if (node.lock) {
    draw->AddCircleFilled(node.position, node.half.x, packed(colour_warning(), 0.25f));
    draw->AddCircle(node.position, node.half.x, packed(colour_warning()), 0, 2.0f);
  } else {
    const ImVec2 top_left(node.position.x - node.half.x, node.position.y - node.half.y);
    const ImVec2 bottom_right(node.position.x + node.half.x, node.position.y + node.half.y);
    draw->AddRectFilled(top_left, bottom_right, ImGui::GetColorU32(ImGuiCol_FrameBg), 4.0f);
    draw->AddRect(top_left, bottom_right, ImGui::GetColorU32(ImGuiCol_Border), 4.0f, 0, 2.0f);
  }
  const ImVec2 text_size = ImGui::CalcTextSize(node.label.c_str());
  draw->AddText(ImVec2(node.position.x - text_size.x / 2, node.position.y - text_size.y / 2),
                ImGui::GetColorU32(ImGuiCol_Text), node.label.c_str());
}

}  // namespace

void draw_wait_for_graph(const DeadlockCycle& cycle) {
  if (cycle.links.empty()) return;
  const float width = remaining_width();
  // The whole cycle in view: leave room below for the thread table and notes.
  const float room_below = 7 * ImGui::GetTextLineHeightWithSpacing();
  const float height = std::clamp(std::min(width * 0.6f, ImGui::GetContentRegionAvail().y - room_below), 150.0f, 320.0f);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(width, height));
  ImDrawList* draw = ImGui::GetWindowDrawList();

  std::vector<Node> nodes = cycle_nodes(cycle);
  place_on_ellipse(nodes, ImVec2(origin.x + width / 2, origin.y + height / 2), width, height);
  draw_edges(draw, nodes);
  for (const Node& node : nodes) draw_node(draw, node);
}

}  // namespace threadlab::ui
