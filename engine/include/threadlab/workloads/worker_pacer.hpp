#pragma once
// Keeps a window's frames on time beside workers that run at the render
// thread's own priority, on a machine busy with other programs.
//
// The render thread reports each frame's time. While frames miss their
// budget, the workers rest between work items for part of their time, so
// the window's threads (the render thread and the OpenGL driver's) find a
// core; while frames are on time again, the rest shrinks back to none. The
// workers keep the render thread's priority, so the race between the two
// modes stays even: only their share of time changes, and the Lab reports
// how much of it they gave up.
//
// The control is additive increase, multiplicative decrease, like TCP's
// congestion window: the work share is cut by half at once when a stretch
// of frames is late, and given back a fifth at a time.
//
//   WorkerPacer pacer;
//   pacer.frame_drawn(frame_ms);                  // render thread, every frame
//   WorkerPacer::Binding bind(&pacer);            // a worker, as its run() starts
//   WorkerPacer::rest_after_item(stop, elapsed);  // that worker, after each item

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stop_token>

namespace threadlab {

// A stretch of frames is late when its median frame is over the budget: a
// single slow frame is a scheduling hiccup resting would not have saved,
// and cutting the workers' share for it would cost the job for nothing.
struct PacerSettings {
  double frame_budget_ms = 20.0;  // 50 frames/s
  int frames_per_decision = 12;   // about a fifth of a second at 60 frames/s
  double lowest_share = 0.25;     // the workers always keep a quarter of their time
  double cut = 0.5;
  double regrow = 0.2;
  double longest_rest_ms = 20.0;  // a rest never holds a worker longer than about a frame
};

class WorkerPacer {
 public:
  explicit WorkerPacer(PacerSettings settings = {});

  // The render thread: one frame took `frame_ms`.
  void frame_drawn(double frame_ms);
  // A frame stretch that spans a pause (no job running) says nothing of the
  // workers: the next decision starts from a new stretch.
  void forget_frames();

  // 0..1: the share of their time the workers may work (1: no rest).
  double work_share() const { return share_.load(std::memory_order_relaxed); }
  // Of the time paced workers spent working or resting since reset_totals(),
  // the part they rested (0..1).
  double rested_fraction() const;
  void reset_totals();

  // Binds a pacer to the calling thread for as long as the Binding lives
  // (null: none). Set by a worker, so that the job's loop, which also runs on
  // the render thread in single-thread mode, paces only workers.
  class Binding {
   public:
    explicit Binding(WorkerPacer* pacer);
    ~Binding();
    Binding(const Binding&) = delete;
    Binding& operator=(const Binding&) = delete;

   private:
    WorkerPacer* previous_;
  };

  // Called between items by the job's loop: on a paced thread, rests for as
  // long as keeps its work at work_share() of its time, given that its last
  // item took `item_time`; returns at once when `stop` is requested, or on a
  // thread with no pacer.
  static void rest_after_item(std::stop_token stop, std::chrono::nanoseconds item_time);

 private:
  void rest(std::stop_token stop, std::chrono::nanoseconds item_time);

  PacerSettings settings_;
  std::atomic<double> share_{1.0};
  // The render thread's current stretch of frames.
  int frames_in_stretch_ = 0;
  double stretch_ms_[64] = {};
  // Time paced workers worked and rested, in nanoseconds.
  std::atomic<long long> worked_ns_{0}, rested_ns_{0};
  std::mutex rest_mutex_;
  std::condition_variable_any rest_wake_;
};

}  // namespace threadlab
