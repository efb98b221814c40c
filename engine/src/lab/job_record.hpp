#pragma once
// What the Lab remembers of its jobs for the snapshot: the job that ended
// last (single-thread mode's frames, drawn only between jobs, show it) and
// the views of the Mandelbrot jobs started since the statistics were cleared.

#include <optional>
#include <vector>

#include "threadlab/lab/lab.hpp"

namespace threadlab::detail {

class JobRecord {
 public:
  void started(const MandelbrotView& view) {
    if (views_.size() >= max_job_views) views_.erase(views_.begin());
    views_.push_back(view);
  }
  void ended(const Job& job, double seconds, std::optional<MandelbrotView> view) {
    ended_ = EndedJob{job.name(), job.progress(), seconds, view};
  }
  // The views start again, from the current job's when one is rendering.
  void clear_views(std::optional<MandelbrotView> current) {
    views_.clear();
    if (current) views_.push_back(*current);
  }
  // The snapshot's job figures when no job is under way (job == false):
  // the ended job's; between two jobs the view on screen is the ended job's
  // and the Lab's view the next one's.
  void describe(LabSnapshot& out, bool job, bool next_job_due) const {
    out.next_job_due = next_job_due;
    out.ended_job = ended_;
    out.job_views = views_;
    if (job || !ended_) return;
    out.job_name = ended_->name;
    out.job = ended_->progress;
    if (next_job_due && ended_->view && out.mandelbrot_view) {
      out.next_view = out.mandelbrot_view;
      out.mandelbrot_view = ended_->view;
    }
  }

 private:
  std::optional<EndedJob> ended_;
  std::vector<MandelbrotView> views_;
};

}  // namespace threadlab::detail
