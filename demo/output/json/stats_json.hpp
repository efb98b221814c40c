#pragma once
// The figures of a session as JSON (`threadlab --stats-json FILE`), built from
// the Lab's last snapshot (its means and totals cover the whole session) plus
// what only the app knows, so the e2e tests can compare runs and the building
// itself is unit-tested.

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

#include "output/atomic_file.hpp"
#include "threadlab/lab/lab.hpp"

namespace threadlab::app {

struct SessionFacts {
  std::string version = THREADLAB_VERSION;
  double duration_s = 0;  // wall time from the first frame to the end of the last
};

// Keys keep the order written here, for whoever reads the file.
nlohmann::ordered_json build_stats_json(const LabSnapshot& snapshot, const SessionFacts& facts);

// Atomically (atomic_file.hpp), so a reader never sees half a file. Throws std::runtime_error("cannot write FILE: REASON"),
// or WriteCancelled when `gate` refused.
void write_json_atomically(const std::filesystem::path& file,
                           const nlohmann::ordered_json& json, const CommitGate& gate = {});

}  // namespace threadlab::app
