#pragma once
// The command line's option values: each option takes its value as text and
// parses it here, so every bad value is refused with one line written here
// (CLI::ValidationError, "threadlab: --threads: 0 is not in 1..4") rather
// than CLI11's generic messages.

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <CLI/CLI.hpp>
#include <charconv>
#include <filesystem>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "settings/run_settings.hpp"

namespace threadlab::app {

// Refuses `option`'s value, saying why.
[[noreturn]] void reject(const std::string& option, const std::string& why);

template <class Number>
std::optional<Number> parse_number(std::string_view text) {
  Number value{};
  const char* end = text.data() + text.size();
  auto [stop, error] = std::from_chars(text.data(), end, value);
  if (error != std::errc{} || stop != end) return std::nullopt;
  return value;
}

// "1600x900"; nullopt unless two whole numbers around an x.
std::optional<WindowSize> parse_window_size(std::string_view text);

// --out: a folder that may not exist yet (prepare_output_folder checks it
// once the whole command line is good); only a name that cannot be one is
// refused here.
void check_output_folder_option(const std::filesystem::path& folder);

// A file the option will write: its folder must exist and be writable.
void check_output_file_path(const std::filesystem::path& file, const std::string& option = "--stats-json");

// A positive, finite number of seconds (or minutes) for `option`, at most
// `most`: beyond it the session's end time would not fit the clock (or
// would mean nothing to anyone).
double parse_positive(const std::string& option, const std::string& text, const char* unit, double most);

// A positive number of seconds, at most max_duration_seconds (a week).
double parse_seconds(const std::string& option, const std::string& text);

template <class Enum>
using Choices = std::initializer_list<Enum>;

// An option whose value is one of an enum's to_string() words.
template <class Enum>
void add_choice_option(CLI::App& app, const std::string& name, Enum& target, Choices<Enum> choices,
                       const std::string& description) {
  // Copied: the initializer_list's array is gone by the time the option is parsed.
  std::vector<Enum> values(choices);
  std::vector<std::string> words;
  for (Enum choice : choices) words.emplace_back(to_string(choice));
  app.add_option_function<std::string>(
         name,
         [name, &target, values, words](const std::string& text) {
           for (Enum choice : values) {
             if (text == to_string(choice)) {
               target = choice;
               return;
             }
           }
           reject(name, fmt::format("{} is not one of {}", text, fmt::join(words, ", ")));
         },
         description)
      ->type_name(fmt::format("{}", fmt::join(words, "|")));
}

}  // namespace threadlab::app
