#include "models/guest/periodic_timer_workload.hpp"

namespace vtick::models::guest {

PeriodicTimerWorkload::PeriodicTimerWorkload(GuestKernel& guest, const sim::WorkloadSpec& spec)
    : guest_(guest),
      name_(spec.name),
      start_ns_(spec.start_ns),
      period_ns_(spec.period_ns),
      timer_(guest.create_timer(*this)) {
  guest_.arm_timer(timer_, deadline(next_k_), 0);
}

void PeriodicTimerWorkload::on_timer(TimerId, TimeNs host_now) {
  lateness_ns_.push_back(host_now - deadline(next_k_));
  ++next_k_;
  guest_.arm_timer(timer_, deadline(next_k_), host_now);
}

}  // namespace vtick::models::guest
