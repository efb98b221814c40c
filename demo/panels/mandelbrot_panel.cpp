// Mandelbrot: the image the workers render tile by tile. Drag to pan, wheel
// to zoom; the app turns the requests into a new view and a new job.

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "widgets/format.hpp"
#include "layout/layout.hpp"
#include "layout/panel_window.hpp"
#include "panels.hpp"
#include "widgets/widgets.hpp"

namespace threadlab::ui {

namespace {

constexpr double zoom_in_per_notch = 0.8;  // zoom out is its inverse, 1.25

// The progress line under the picture, kept in view when fitting it; the
// intro and the figures follow below and scroll when the panel is short.
constexpr float progress_lines = 1.0f;

void draw_placeholder(ImVec2 min, ImVec2 max) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(min, max, ImGui::GetColorU32(ImGuiCol_FrameBg));
  draw->AddRect(min, max, ImGui::GetColorU32(ImGuiCol_Border));
  const char* message = "No image yet: tiles appear here as workers finish them.";
  const ImVec2 size = ImGui::CalcTextSize(message);
  if (size.x < max.x - min.x) {
    draw->AddText(ImVec2(min.x + (max.x - min.x - size.x) * 0.5f, min.y + (max.y - min.y - size.y) * 0.5f),
                  ImGui::GetColorU32(ImGuiCol_TextDisabled), message);
  }
}

// Drag and wheel over the image, as requests in image pixels.
ViewRequests read_mouse(ImVec2 shown_min, ImVec2 shown_size, ImVec2 image_size) {
  ViewRequests requests;
  const ImGuiIO& io = ImGui::GetIO();
  if (ImGui::IsItemHovered() || ImGui::IsItemActive()) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
  const double pixels_per_screen_pixel =
      static_cast<double>(image_size.x) / static_cast<double>(shown_size.x);
  if (ImGui::IsItemActive() && (io.MouseDelta.x != 0.0f || io.MouseDelta.y != 0.0f)) {
    // The picture follows the mouse, so the view's centre moves the other way.
    requests.pan_dx = -static_cast<double>(io.MouseDelta.x) * pixels_per_screen_pixel;
    requests.pan_dy = -static_cast<double>(io.MouseDelta.y) * pixels_per_screen_pixel;
  }
  if (ImGui::IsItemHovered() && io.MouseWheel != 0.0f) {
    const auto to_image = [&](float screen, float origin, float limit) {
      const double pixel = static_cast<double>(screen - origin) * pixels_per_screen_pixel;
      return static_cast<float>(std::clamp(pixel, 0.0, static_cast<double>(limit)));
    };
    requests.zoom_at = ImVec2(to_image(io.MousePos.x, shown_min.x, image_size.x),
                              to_image(io.MousePos.y, shown_min.y, image_size.y));
    requests.zoom_factor = std::pow(zoom_in_per_notch, static_cast<double>(io.MouseWheel));
  }
  return requests;
}

const char* cancellation_help =
    "How fast a cancel lands. A zoom, pan, restart or mode switch replaces the running job: the "
    "time from the request to every worker of the old job stopped (joined), and to the first tile "
    "of the new job taken for the screen (it is drawn in that same frame).\n\n"
    "A worker looks for a stop once per tile (16x16 pixels here, MandelbrotJob::work), between "
    "tiles, never inside one: the stop waits for the tile each worker is rendering, a fraction of a "
    "millisecond to a few ms when zoomed deep. (Qt's Mandelbrot example looks once per scanline.)\n\n"
    "In single-thread mode the render thread is itself the worker: a request is only read after "
    "the frozen frame ends, so the user waited that whole freeze before this count even began.";

std::string cancellation_line(std::span<const CancellationLatency> cancellations) {
  if (cancellations.empty()) return "none yet: zoom or pan while it renders";
  const CancellationLatency& last = cancellations.back();
  return fmt::format("{}: stopped in {}, first tile {}", last.cause, format_ms(last.stop_ms),
                     last.first_tile_ms ? "after " + format_ms(*last.first_tile_ms) : std::string("pending"));
}

void draw_view_info(const CentreViewFigures& centre, ImVec2 image_size) {
  if (!centre.view) {
    note("No view yet: choose Mandelbrot in Controls and press Start.");
    return;
  }
  const MandelbrotView& view = *centre.view;
  label_value("Centre", fmt::format("{:.12g} {} {:.12g} i", view.center_x, view.center_y < 0 ? '-' : '+',
                                    std::abs(view.center_y)));
  label_value("Scale",
              fmt::format("{:.3g} per pixel ({:.3g} wide)", view.scale,
                          view.scale * static_cast<double>(image_size.x)),
              "Complex-plane units per image pixel, and the width of the whole image in those "
              "units. Each wheel notch in multiplies it by 0.8.");
  label_value("Iterations",
              format_count(static_cast<std::uint64_t>(std::max(view.max_iterations, 0)), "iterations"),
              "The most iterations per pixel before a point counts as inside the set. Deeper "
              "zooms need more, and take longer.");
  label_value("Last cancel", cancellation_line(centre.cancellations), cancellation_help);
}

// Right under the picture: how far the render is.
void draw_progress(const CentreViewFigures& centre) {
  const bool rendering = centre.workload == WorkloadKind::mandelbrot;
  std::string progress = rendering ? format_progress(centre.job.items_done, centre.job.items_total, "tiles")
                                   : std::string("Not the current workload");
  if (rendering && centre.next_job_due) progress += ": done; the next starts now";
  labelled_bar(rendering ? centre.job.fraction() : 0.0, progress);
}

}  // namespace

ViewRequests draw_mandelbrot_panel(const CentreViewFigures& centre, ImTextureID texture, ImVec2 image_size) {
  // The centre view shows the current workload: the same window (one ImGui
  // ID, "###" in its title) titled for what it shows.
  const bool primes = centre.workload == WorkloadKind::primes;
  // A horizontal scrollbar too: the picture is never shown smaller than its
  // own resolution, so a narrow panel scrolls instead. The wheel zooms; the
  // scrollbars scroll.
  const bool io = centre.workload == WorkloadKind::io;
  const PanelWindow window(Panel::mandelbrot, ImGuiWindowFlags_HorizontalScrollbar | ImGuiWindowFlags_NoScrollWithMouse,
                           primes ? "Primes: segments###centre-view-2" : io ? "I/O: files###centre-view-2" : nullptr);
  if (!window.visible()) return {};
  if (primes) {
    draw_primes_view(centre.primes);
    return {};
  }
  if (io) {
    draw_io_view(centre.io);
    return {};
  }

  // Without a size from the app, keep the room of the default image (640x480).
  const ImVec2 picture = image_size.x > 0.0f && image_size.y > 0.0f ? image_size : ImVec2(640.0f, 480.0f);
  const ImVec2 room = ImGui::GetContentRegionAvail();
  const ImVec2 shown =
      fit_never_smaller(picture, ImVec2(room.x, room.y - progress_lines * ImGui::GetFrameHeightWithSpacing()));

  // Centred across the panel; the text below stays on the left.
  const float indent = std::floor((room.x - shown.x) * 0.5f);
  if (indent > 0.0f) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + indent);
  const ImVec2 min = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##view", shown);
  const ImVec2 max(min.x + shown.x, min.y + shown.y);
  if (texture) {
    ImGui::GetWindowDrawList()->AddImage(texture, min, max);
  } else {
    draw_placeholder(min, max);
  }
  set_view_rect({min, shown});
  const ViewRequests requests = read_mouse(min, shown, picture);

  draw_progress(centre);
  panel_intro(
      "A queue of tiles that worker threads share (queue.Queue + Thread workers): "
      "drag to pan, wheel to zoom.",
      "Each tile is one work item. Workers take the next tile under a Lock and render "
      "it; finished tiles appear as they come, in whatever order the threads finish.\n\n"
      "Drag with the left button to pan; turn the wheel to zoom at the mouse (0.8x per "
      "notch in, 1.25x out). Every change starts a new render.");

  draw_view_info(centre, picture);
  return requests;
}

}  // namespace threadlab::ui
