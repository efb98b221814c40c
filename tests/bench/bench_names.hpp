#pragma once
// The benchmarks' names, shared by their registrations and by the targets
// table that looks their figures up after the run.

namespace threadlab::bench::names {

inline constexpr const char* lock_uncontended_std_mutex = "lock_uncontended/std::mutex";
inline constexpr const char* lock_uncontended_lock = "lock_uncontended/threadlab::Lock";
inline constexpr const char* lock_uncontended_fifo_lock = "lock_uncontended/threadlab::Lock(fifo)";

inline constexpr const char* lock_contended_std_mutex = "lock_contended/std::mutex";
inline constexpr const char* lock_contended_lock = "lock_contended/threadlab::Lock";
inline constexpr const char* lock_contended_fifo_lock = "lock_contended/threadlab::Lock(fifo)";
inline constexpr int contended_thread_counts[] = {2, 4, 8};
inline constexpr int fifo_contended_threads = 2;  // one per core: see lock_bench.cpp

inline constexpr const char* thread_start_join_std_thread = "thread_start_join/std::thread";
inline constexpr const char* thread_start_join_thread = "thread_start_join/threadlab::Thread";

inline constexpr const char* cpu_sample = "cpu_sample";
// The process the demo samples: main, sampler, probe, a few workers, and the
// GL driver's threads.
inline constexpr int cpu_sample_demo_threads = 10;
inline constexpr double cpu_sample_rate_hz = 10.0;
inline constexpr const char* cpu_sample_core_percent_counter = "core_pct_at_10Hz";

inline constexpr const char* panels_frame = "panels_frame";
inline constexpr const char* timeline_panel = "timeline_panel";
// A Mandelbrot job with the timeline recording on against off.
inline constexpr const char* timeline_recording = "timeline_recording";
inline constexpr const char* timeline_take = "timeline_take";
inline constexpr const char* cancellation_latency = "cancellation_latency";

}  // namespace threadlab::bench::names
