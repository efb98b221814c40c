#pragma once
// A synthetic LabSnapshot of a busy lab, larger than the two-core machine's
// own, so that the panel frame figure errs on the expensive side.

#include "threadlab/lab/lab.hpp"

namespace threadlab::bench {

// Eight cores, eleven live threads (two waiting for the tile queue Lock),
// five finished workers, four Locks with filled wait histograms, ten seconds
// of every history and a deep Mandelbrot view.
LabSnapshot busy_lab_snapshot();

}  // namespace threadlab::bench
