#pragma once
// How a load task knows how much CPU it has used without asking the kernel. Reading the
// thread's CPU clock (CLOCK_THREAD_CPUTIME_ID) is a system call, and on Linux every such
// read updates the scheduler's accounting of the running task (task_sched_runtime calls
// update_curr), so a task spinning on it lets EEVDF notice the end of its protected slice
// within microseconds, where a task that only computes is looked at by the host tick and by
// wake-ups on its CPU. A real CPU hog (a compiler, stress-ng's cpu stressor) makes no system
// calls while it computes, and the model's cpu_hog neither. The meter therefore reads
// CLOCK_MONOTONIC, which the vDSO answers without entering the kernel, and counts the steps
// between successive reads that are shorter than kPreemptedStepNs: a longer step is time the
// CPU spent on something else (another task, an interrupt, the host below this one).
#include "sim/time.hpp"

namespace vtick::realvm::load {

class SpinMeter {
 public:
  /// Back-to-back reads of CLOCK_MONOTONIC take about 30 ns here (p99.9 under 200 ns, vtick
  /// calibrate's host_noise read_delta_ns); 1 us is calibrate's least gap threshold, too.
  static constexpr sim::TimeNs kPreemptedStepNs = 1000;

  explicit SpinMeter(sim::TimeNs now) : last_(now) {}

  /// The next read of the clock; returns the CPU time counted so far.
  sim::TimeNs step(sim::TimeNs now) {
    const sim::TimeNs delta = now - last_;
    last_ = now;
    if (delta > 0 && delta < kPreemptedStepNs) used_ += delta;
    return used_;
  }
  [[nodiscard]] sim::TimeNs used() const { return used_; }

 private:
  sim::TimeNs last_;
  sim::TimeNs used_ = 0;
};

}  // namespace vtick::realvm::load
