// The Lab's workloads by name, and how many workers each takes.
#include <algorithm>

#include "lab_workloads.hpp"

namespace threadlab {

namespace {
constexpr int io_default_workers = 8;
constexpr int io_max_workers = 32;
}  // namespace

const char* to_string(WorkloadKind kind) {
  switch (kind) {
    case WorkloadKind::mandelbrot: return "mandelbrot";
    case WorkloadKind::primes: return "primes";
    case WorkloadKind::io: return "io";
  }
  return "?";
}

int default_workers(WorkloadKind kind, int cores) {
  return kind == WorkloadKind::io ? io_default_workers : std::max(cores, 1);
}

int max_workers(WorkloadKind kind, int cores) {
  return kind == WorkloadKind::io ? io_max_workers : 2 * std::max(cores, 1);
}

WorkerPriority worker_priority(WorkloadKind kind, WorkerPriority chosen) {
  return kind == WorkloadKind::io ? WorkerPriority::normal : chosen;
}

void fill_job_snapshot(const IoJob* job, const std::string& job_error, LabSnapshot& out) {
  out.job_error = job_error;
  if (!job || out.settings.workload != WorkloadKind::io) return;
  out.io_bytes_received = job->bytes_received();
  out.io_fetchers = job->fetchers();
  out.io_files_taken = job->files_taken();
  out.io_port = job->port();
}

}  // namespace threadlab
