// The "under load" condition of the wake-up measurement: busy-looping processes
// (realvm/load's cpu_hog, SCHED_OTHER, nice 0) pinned to the measuring thread's CPU, so the
// woken thread must win the CPU back from them, as the VMM's timer thread must on a loaded
// host. The simulator models such load itself (scenario `load:`), so figures taken under it
// are reported, never written as model parameters.
#pragma once

#include <chrono>
#include <memory>

#include "realvm/load/host_load.hpp"

namespace vtick::calibration {

class CpuHogs {
 public:
  /// Starts `count` hogs on `cpu`. Each exits by itself after `longest` even if this process
  /// dies (HostLoad's deadline), and the destructor kills and reaps them earlier.
  CpuHogs(int cpu, int count, std::chrono::nanoseconds longest);

 private:
  std::unique_ptr<realvm::load::HostLoad> load_;
};

}  // namespace vtick::calibration
