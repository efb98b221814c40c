#pragma once
// Capturing the window: the pixels of the frame just shown, as an Image, and
// where the user's screenshots go.

#include <chrono>
#include <filesystem>
#include <string>

#include "image.hpp"
#include "threadlab/lab.hpp"

struct GLFWwindow;

namespace threadlab::app {

// The frame last presented, top row first: call it right after the swap,
// before the next ImGui frame begins (it draws the frame's ImGui draw data
// again into the back buffer and reads that back).
Image capture_window(GLFWwindow* window);

// $XDG_PICTURES_DIR/threadlab, or ~/Pictures/threadlab when ~/Pictures exists,
// else $XDG_DATA_HOME/threadlab/screenshots or ~/.local/share/threadlab/screenshots.
std::filesystem::path default_screenshot_dir();

// threadlab-YYYYMMDD-HHMMSS-mmm-<mode>-<workload>.png, in local time.
std::string screenshot_file_name(std::chrono::system_clock::time_point when, Mode mode, WorkloadKind workload);
// YYYYMMDD-HHMMSS-mmm, for file and folder names.
std::string file_timestamp(std::chrono::system_clock::time_point when);

// Creates the folder if needed and writes the PNG atomically; returns its path.
// Throws std::runtime_error with the reason.
std::filesystem::path save_screenshot(const Image& image, const std::filesystem::path& folder, Mode mode,
                                      WorkloadKind workload);

}  // namespace threadlab::app
