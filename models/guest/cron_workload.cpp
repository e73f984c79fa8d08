#include "models/guest/cron_workload.hpp"

namespace vtick::models::guest {

CronWorkload::CronWorkload(GuestKernel& guest, const sim::WorkloadSpec& spec)
    : guest_(guest),
      name_(spec.name),
      due_ns_(spec.at_ns),
      check_interval_ns_(spec.check_interval_ns),
      timer_(guest.create_timer(*this)) {
  guest_.arm_timer(timer_, check_interval_ns_, 0);
}

void CronWorkload::on_timer(TimerId, TimeNs host_now) {
  ++checks_;
  if (guest_.wall_clock_ns(host_now) >= due_ns_) {
    offset_.push_back(host_now - due_ns_);
    return;
  }
  guest_.arm_timer(timer_, ++next_check_ * check_interval_ns_, host_now);
}

// The job's offset is also its one lateness sample, so tables and CDFs treat cron like the
// other workloads.
nlohmann::ordered_json CronWorkload::summary() const {
  const bool ran = !offset_.empty();
  auto s = lateness_summary(offset_);
  s["due_ns"] = due_ns_;
  s["ran"] = ran;
  s["offset_ns"] = ran ? nlohmann::ordered_json(offset_.front()) : nlohmann::ordered_json(nullptr);
  s["checks"] = checks_;
  return s;
}

}  // namespace vtick::models::guest
