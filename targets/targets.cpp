#include "threadlab/targets.hpp"

namespace threadlab::targets {

bool met(Goal goal, double measured, double limit) {
  switch (goal) {
    case Goal::at_most: return measured <= limit;
    case Goal::below: return measured < limit;
    case Goal::at_least: return measured >= limit;
    case Goal::none: return true;
  }
  return true;
}

std::string verdict(std::optional<bool> met) {
  if (!met) return "";
  return *met ? "pass" : "MISS";
}

}  // namespace threadlab::targets
