// QEMU's main loop and vCPU thread around each emulated timer interrupt under TCG, from the
// host scheduler's trace (sched_switch of both threads, sched_waking of the vCPU): the shape
// vmm.timer_kick_share, timer_tail_share and vcpu_lock_attempt model (models/vmm/vmm_lock.hpp).
// A main-loop wake-up (switch in after sleeping to switch out asleep) that wakes the vCPU twice
// or more is a handoff: the first wake-up is the interrupt's kick, the vCPU ran and blocked on
// QEMU's global lock, and the last is the lock's release. Its on-CPU time falls into the parts
// before the kick, between kick and release (the lock held), and after the release (the tail).
// A vCPU wake-up that began after a handoff's kick and ended asleep before its release is a
// lock attempt. Wake-ups that woke the vCPU once (it did not run before the release, or did
// not block) cannot be split and are only counted.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "calibration/sched_switch_trace.hpp"

namespace vtick::calibration {

struct HandoffWakeup {
  std::int64_t before_kick_ns = 0;
  std::int64_t locked_ns = 0;
  std::int64_t tail_ns = 0;
};

struct Handoffs {
  std::vector<HandoffWakeup> handoffs;
  std::vector<std::int64_t> lock_attempts_ns;  ///< the vCPU's on-CPU time in each
  std::size_t single_kick = 0;                 ///< main-loop wake-ups that woke the vCPU once
  std::size_t no_kick = 0;                     ///< ... not at all
};

/// The handoffs of main-loop wake-ups that began within [from_ns, to_ns]. Threads are named
/// `main_loop` and `vcpu`; a wake-up whose switch in was not recorded is left out (as in
/// wakeups_of).
[[nodiscard]] Handoffs handoffs_of(const SchedEvents& events, std::string_view main_loop, std::string_view vcpu,
                                   std::int64_t from_ns, std::int64_t to_ns);

/// What the profile takes from them: the shares of the parts' totals, and the attempts' mean.
struct HandoffShares {
  double kick_share = 1;
  double tail_share = 0;
  std::int64_t lock_attempt_ns = 0;
};
[[nodiscard]] HandoffShares shares_of(const Handoffs& h);

}  // namespace vtick::calibration
