#pragma once
// The run's figures and targets as JSON (--bench-json FILE), for the issue
// and for comparing runs.

#include <filesystem>
#include <string>
#include <vector>

#include "measurement.hpp"
#include "targets.hpp"

namespace threadlab::bench {

// Writes atomically (a temporary file beside it, then rename). Returns an
// empty string on success, else a one-line reason.
std::string write_bench_json(const std::filesystem::path& path, const std::vector<Measurement>& measurements,
                             const std::vector<TargetRow>& rows);

}  // namespace threadlab::bench
