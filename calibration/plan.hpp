// How much of each measurement a calibration takes: the default run (most of it the VMM
// demand's QEMU and Linux runs, the host noise's 16 s and the stalls' 40 s) and --quick (for
// tests; its tails rest on few samples, and each engine's VMM demand on one pair of runs).
#pragma once

#include <cstddef>
#include <cstdint>

#include "calibration/context_switch.hpp"
#include "calibration/engine_demand.hpp"
#include "calibration/host_noise_stage.hpp"
#include "calibration/kvm_costs.hpp"

namespace vtick::calibration {

struct CalibrationPlan {
  bool quick = false;
  /// The grid of every wake-up run: 10 ms, a typical guest timer, and long enough that a
  /// late wake-up almost never runs into the next expiry.
  std::int64_t wakeup_period_ns = 10'000'000;
  std::size_t wakeup_idle_samples = 2000;  ///< the run host.wakeup_latency comes from (20 s)
  std::size_t wakeup_slack_samples = 300;  ///< each of the two clock_nanosleep runs
  std::size_t wakeup_loaded_samples = 500;
  int hogs = 2;  ///< as the bench's "hogs" condition: the woken thread gets about a third of its CPU
  ContextSwitchPlan context_switch;
  HostNoisePlan host_noise;
  KvmPlan kvm;    ///< guest_image filled in by the caller
  EngineDemandPlan engines;  ///< guest, QEMU and Linux kernel filled in by the caller
};

CalibrationPlan plan_for(bool quick);

}  // namespace vtick::calibration
