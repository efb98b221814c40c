#pragma once
// Where the user's screenshots go, and what they are called (the window
// itself reads the frame back: Window::capture_next_frame).

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>

#include "image.hpp"
#include "threadlab/lab/lab.hpp"

namespace threadlab::app {

// $XDG_PICTURES_DIR/threadlab, or ~/Pictures/threadlab when ~/Pictures exists,
// else $XDG_DATA_HOME/threadlab/screenshots or ~/.local/share/threadlab/screenshots.
std::filesystem::path default_screenshot_dir();

// What a screenshot shows, for its name: "multi-mandelbrot", "single-primes",
// or on a scenario page "scenario-deadlock".
std::string screenshot_subject(const LabSnapshot& snapshot);
// threadlab-YYYYMMDD-HHMMSS-mmm-<subject>.png, in local time.
std::string screenshot_file_name(std::chrono::system_clock::time_point when, std::string_view subject);
// YYYYMMDD-HHMMSS-mmm, for file and folder names.
std::string file_timestamp(std::chrono::system_clock::time_point when);

// Creates the folder if needed and writes the PNG atomically; returns its path.
// Throws std::runtime_error with the reason.
std::filesystem::path save_screenshot(const Image& image, const std::filesystem::path& folder,
                                      std::string_view subject);

}  // namespace threadlab::app
