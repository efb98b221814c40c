#pragma once
// The Locks a scenario page shows in the Locks panel.

#include <algorithm>
#include <cstdint>
#include <vector>

#include "threadlab/threading/lock.hpp"

namespace threadlab::detail {

// The Locks a scenario page shows: all but the main page's (idle while it
// runs, and with names a scenario may reuse); once its run has ended and
// its Locks with it, those last seen alive (`seen`), with `outlived` set.
inline std::vector<LockStats> scenario_page_locks(std::vector<LockStats> all, const std::vector<std::uint64_t>& main_page,
                                                  std::vector<LockStats>& seen, bool& outlived) {
  std::erase_if(all, [&](const LockStats& lock) {
    return std::find(main_page.begin(), main_page.end(), lock.id) != main_page.end();
  });
  if (!all.empty()) {
    seen = all;
    return all;
  }
  outlived = !seen.empty();
  return seen;
}

}  // namespace threadlab::detail
