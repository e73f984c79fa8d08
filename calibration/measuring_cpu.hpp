// Where the host measurements run. The wake-up and context-switch figures are per CPU, and
// the loaded wake-up run needs its hogs on the very CPU the measuring thread sleeps on, so
// everything pins to one CPU: the first this process may use (respects taskset).
#pragma once

#include <sched.h>

#include <vector>

namespace vtick::calibration {

/// The lowest-numbered CPU in this process's affinity mask.
int measuring_cpu();
/// Every CPU in this process's affinity mask, ascending ({0} if it cannot be read).
std::vector<int> allowed_cpus();

/// Pins the calling thread to `cpu` for the object's lifetime, then restores its mask.
/// Threads created meanwhile inherit the pinning (so a measurement's helper threads share
/// the CPU). Throws std::runtime_error if the kernel refuses.
class PinnedTo {
 public:
  explicit PinnedTo(int cpu);
  ~PinnedTo();
  PinnedTo(const PinnedTo&) = delete;
  PinnedTo& operator=(const PinnedTo&) = delete;

 private:
  cpu_set_t previous_;
};

}  // namespace vtick::calibration
