#pragma once
// The I/O-bound half of the one_core and gil scenarios: the tutorial's
// "a program remains responsive while one thread waits for input ... on
// both multiprocessor and single processor systems". Each measures the io
// workload (files from the loopback server, each worker blocking in recv())
// with 1 thread and with io_threads, and publishes its own figures; each is
// self-contained, beside the scenario's CPU-bound measurement.

#include "scenarios/context.hpp"

namespace threadlab {
class Gil;
}

namespace threadlab::detail {

inline constexpr int io_threads = 4;

// one_core: run where the caller already pinned (or not) the process.
// Publishes io_seconds_1_worker, io_seconds_4_workers and io_speedup.
void measure_io_speedup(ScenarioContext& context);

// gil: each worker holds the GIL to handle a file and releases it around
// the blocking read, as CPython's socket.recv() does. Publishes
// gil_io_throughput_N_workers_per_s and gil_io_scaling.
void measure_gil_io_scaling(ScenarioContext& context, Gil& gil);

}  // namespace threadlab::detail
