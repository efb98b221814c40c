#pragma once
// What the Lab knows about its workloads beyond their jobs (lab_workloads.cpp).

#include "threadlab/lab/lab.hpp"

namespace threadlab {

// The priority a workload's workers get: the chosen one for CPU-bound work;
// io workers always run at normal priority, as a Python thread would: each
// needs a core only for a moment after a read, and at SCHED_IDLE it would
// wait for every other thread's time slice first.
WorkerPriority worker_priority(WorkloadKind kind, WorkerPriority chosen);

// The snapshot's job_error, and the io job's files when io is the workload
// (out.settings already filled; no io job: left empty).
void fill_job_snapshot(const IoJob* io, const std::string& job_error, LabSnapshot& out);

}  // namespace threadlab
