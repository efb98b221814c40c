#include "output/json/step_json.hpp"

namespace threadlab::app {

namespace {

using nlohmann::ordered_json;

ordered_json values_json(const stepping::StepProgram& program, const stepping::SharedValues& values) {
  ordered_json tmp = ordered_json::object();
  for (std::size_t i = 0; i < values.tmp.size(); ++i) tmp[program.thread_name(static_cast<int>(i))] = values.tmp[i];
  ordered_json holders = ordered_json::object();
  for (std::size_t i = 0; i < values.holders.size(); ++i)
    holders[program.lock_names[i]] = values.holders[i] >= 0 ? ordered_json(program.thread_name(values.holders[i])) : ordered_json(nullptr);
  return {{"counter", values.counter}, {"tmp", tmp}, {"lock_holders", holders}};
}

ordered_json step_json(const stepping::StepProgram& program, const stepping::StepRecord& step, std::size_t index,
                       std::size_t scheduled) {
  ordered_json out = {{"step", index + 1},
                      {"thread", step.thread + 1},
                      {"statement", step.text.empty() ? ordered_json(nullptr) : ordered_json(step.statement + 1)},
                      {"text", step.text},
                      {"from_schedule", index < scheduled},
                      {"refused", step.refused},
                      {"why", step.why}};
  if (!step.note.empty()) out["note"] = step.note;
  out["before"] = values_json(program, step.before);
  out["after"] = values_json(program, step.after);
  return out;
}

ordered_json cycle_json(const std::optional<DeadlockCycle>& cycle) {
  ordered_json links = ordered_json::array();
  if (cycle)
    for (const LockOrderStep& link : cycle->links)
      links.push_back({{"thread", link.thread_name}, {"holds", link.held.name}, {"waits_for", link.wanted.name}});
  return links;
}

}  // namespace

ordered_json build_step_json(const stepping::ScheduleRun& run, const stepping::StepOptions& options,
                             const std::vector<int>& schedule_given) {
  const stepping::StepProgram program = stepping::make_program(options);
  ordered_json threads = ordered_json::object();
  for (std::size_t i = 0; i < program.threads.size(); ++i) {
    ordered_json statements = ordered_json::array();
    for (const auto& statement : program.threads[i]) statements.push_back(statement.text);
    threads[program.thread_name(static_cast<int>(i))] = statements;
  }
  ordered_json steps = ordered_json::array();
  for (std::size_t i = 0; i < run.steps.size(); ++i) steps.push_back(step_json(program, run.steps[i], i, schedule_given.size()));
  const stepping::StepOutcome& outcome = run.outcome;
  ordered_json inversions = ordered_json::array();
  for (const LockOrderInversion& inversion : run.lock_order_inversions) inversions.push_back(inversion.summary());
  return {{"lesson", stepping::to_string(options.lesson)},
          {"fix", options.fix},
          {"options", {{"threads", options.threads}, {"repeats", options.repeats}}},
          {"schedule", schedule_given},
          {"threads", threads},
          {"steps", steps},
          {"figures",
           {{"expected", outcome.expected},
            {"actual", outcome.actual},
            {"lost_updates", outcome.lost_updates},
            {"deadlock", outcome.deadlock},
            {"finished", outcome.finished},
            {"cycle", cycle_json(outcome.cycle)}}},
          {"outcome", outcome.words},
          {"lock_order_inversions", inversions}};
}

}  // namespace threadlab::app
