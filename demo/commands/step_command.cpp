#include "commands/step_command.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "commands/cli_values.hpp"
#include "output/json/stats_json.hpp"
#include "output/json/step_json.hpp"
#include "process/signals.hpp"
#include "threadlab/stepping/stepper.hpp"

namespace threadlab::app {

namespace {

// "1,2,1,2" to {1, 2, 1, 2}; "" to none.
std::vector<int> parse_schedule(const std::string& text) {
  std::vector<int> schedule;
  std::size_t begin = 0;
  while (begin < text.size()) {
    const std::size_t end = std::min(text.find(',', begin), text.size());
    const std::string item = text.substr(begin, end - begin);
    const auto thread = parse_number<int>(item);
    if (!thread || *thread < 1 || *thread > stepping::max_step_threads)
      reject("--schedule", fmt::format("{} is not a thread number 1..{} (e.g. 1,2,1,2)", item, stepping::max_step_threads));
    schedule.push_back(*thread);
    begin = end + 1;
  }
  return schedule;
}

std::string values_text(const stepping::StepProgram& program, const stepping::SharedValues& values) {
  std::string out = fmt::format("counter={}", values.counter);
  for (std::size_t i = 0; i < values.tmp.size() && program.lock_names.size() != 2; ++i)
    out += fmt::format(" {}.tmp={}", program.thread_name(static_cast<int>(i)), values.tmp[i]);
  for (std::size_t i = 0; i < values.holders.size(); ++i)
    out += fmt::format(" {}:{}", program.lock_names[i], values.holders[i] >= 0 ? program.thread_name(values.holders[i]) : "free");
  return out;
}

}  // namespace

void add_step_command(CLI::App& app, CommandLine& line) {
  CLI::App* step = app.add_subcommand(
      "step", "be the scheduler: run a lesson (race, deadlock) one statement at a time on real threads, in the "
              "order given, then the rest in thread order; report each step and what was lost");
  step->add_option_function<std::string>(
          "LESSON",
          [&line](const std::string& text) {
            const auto lesson = stepping::step_lesson_from_name(text);
            if (!lesson) reject("LESSON", fmt::format("{} is not one of race, deadlock", text));
            line.step.options.lesson = *lesson;
          },
          "race or deadlock")
      ->required();
  step->add_flag_function("--fix", [&line](std::int64_t count) { line.step.options.fix = count > 0; },
                          "race: a Lock around each increment; deadlock: both threads take A, then B");
  step->add_option_function<std::string>(
          "--threads",
          [&line](const std::string& text) {
            const auto threads = parse_number<int>(text);
            if (!threads) reject("--threads", fmt::format("{} is not a number", text));
            line.step.options.threads = *threads;
          },
          fmt::format("race: 2..{} threads (default 2); deadlock: 2", stepping::max_step_threads))
      ->type_name("N");
  step->add_option_function<std::string>(
          "--repeats",
          [&line](const std::string& text) {
            const auto repeats = parse_number<int>(text);
            if (!repeats) reject("--repeats", fmt::format("{} is not a number", text));
            line.step.options.repeats = *repeats;
          },
          fmt::format("race: increments per thread, 1..{} (default 1)", stepping::max_step_repeats))
      ->type_name("R");
  step->add_option_function<std::string>(
          "--schedule", [&line](const std::string& text) { line.step.schedule = parse_schedule(text); },
          "the threads to step, 1-based, comma-separated (default: none, all in thread order)")
      ->type_name("1,2,1,...");
  step->add_option_function<std::string>(
          "--stats-json",
          [&line](const std::string& text) {
            check_output_file_path(text);
            line.step.stats_json = std::filesystem::path(text);
          },
          "write every step and the figures here")
      ->type_name("FILE");
  step->callback([&line] { line.command = Command::step; });
}

int run_step_command(const StepSettings& command) {
  const stepping::StepOptions& options = command.options;
  try {
    stepping::validate(options);
    for (const int thread : command.schedule)
      if (thread > options.threads)
        throw std::invalid_argument(fmt::format("--schedule: thread {} does not exist ({} threads)", thread, options.threads));
  } catch (const std::invalid_argument& error) {
    fmt::print(stderr, "threadlab: step {}: {}\n", stepping::to_string(options.lesson), error.what());
    return exit_bad_usage;
  }
  std::vector<int> schedule;
  for (const int thread : command.schedule) schedule.push_back(thread - 1);
  stepping::ScheduleRun run;
  try {
    run = stepping::run_schedule(options, schedule);
  } catch (const std::runtime_error& error) {
    fmt::print(stderr, "threadlab: step {}: {}\n", stepping::to_string(options.lesson), error.what());
    return 1;
  }
  const stepping::StepProgram program = stepping::make_program(options);
  for (std::size_t i = 0; i < run.steps.size(); ++i) {
    const stepping::StepRecord& step = run.steps[i];
    const std::string name = program.thread_name(step.thread);
    signals::print_stdout(step.refused
        ? fmt::format("{:3}  {}: refused: {}\n", i + 1, name, step.why)
        : fmt::format("{:3}  {}: {:<22} {}{}\n", i + 1, name, step.text, values_text(program, step.after),
                      step.note.empty() ? "" : "  (" + step.note + ")"));
  }
  signals::print_stdout(fmt::format("{}\n", run.outcome.words));
  if (signals::close_requested()) {
    // The threads are joined; a run cut short by a signal writes nothing.
    fmt::print(stderr, "threadlab: step interrupted; nothing written\n");
    const int code = signals::interrupted_exit_code();
    return code != 0 ? code : 1;
  }
  if (command.stats_json) {
    write_json_atomically(*command.stats_json, build_step_json(run, options, command.schedule));
    signals::print_stdout(fmt::format("threadlab step: steps and figures written to {}\n", command.stats_json->string()));
  }
  return 0;
}

}  // namespace threadlab::app
