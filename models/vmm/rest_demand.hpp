#pragma once
// What a VMM thread spends whatever the guest's tick rate ("at rest", vmm.vcpu_rest_cpu and
// vmm.timer_rest_cpu, measured by `vtick calibrate` per engine): QEMU's main loop polling,
// TCG's bookkeeping while the guest idles. It accrues with host time as a share of one CPU
// and the thread pays it with its next tick work, so it costs no wake-ups of its own (an
// approximation: the real thread spends it in its own wake-ups, at times of its own).
#include <cmath>

#include "sim/time.hpp"

namespace vtick::models::vmm {

class RestDemand {
 public:
  explicit RestDemand(double share) : share_(share) {}

  /// CPU accrued by `now` and not yet paid; marks it paid. The total is rounded once
  /// (round(share x now)), so pieces never drift from the share.
  sim::TimeNs take(sim::TimeNs now) {
    const auto accrued = static_cast<sim::TimeNs>(std::llround(share_ * static_cast<double>(now)));
    const sim::TimeNs piece = accrued - paid_;
    paid_ = accrued;
    return piece;
  }

 private:
  double share_;
  sim::TimeNs paid_ = 0;
};

}  // namespace vtick::models::vmm
