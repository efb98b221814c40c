#pragma once
// `--beside N` of bench and compare: N CPU-bound processes (one busy loop
// each, nice 0, no affinity) running beside the measured run, so that a
// busy machine's figures come from one command. They are forked before the
// window or any thread exists, and killed and reaped when this ends (or
// killed by the kernel should threadlab die first: PR_SET_PDEATHSIG).

#include <sys/types.h>

#include <vector>

namespace threadlab::app {

inline constexpr int max_beside_processes = 64;

class BesideLoad {
 public:
  // Starts `processes` busy loops (0: none); throws std::runtime_error when
  // fork fails, after ending those already started.
  explicit BesideLoad(int processes);
  ~BesideLoad();
  BesideLoad(const BesideLoad&) = delete;
  BesideLoad& operator=(const BesideLoad&) = delete;

  int count() const { return static_cast<int>(children_.size()); }
  // How many of them still run (each should, until this ends).
  int running() const;

 private:
  void end_all();
  std::vector<pid_t> children_;
};

}  // namespace threadlab::app
