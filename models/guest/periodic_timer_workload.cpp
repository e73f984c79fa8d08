#include "models/guest/periodic_timer_workload.hpp"

#include <algorithm>

namespace vtick::models::guest {

PeriodicTimerWorkload::PeriodicTimerWorkload(GuestKernel& guest, const sim::WorkloadSpec& spec)
    : guest_(guest),
      name_(spec.name),
      media_(spec.kind == sim::WorkloadKind::Media),
      start_ns_(spec.start_ns),
      period_numerator_(media_ ? sim::kNsPerSec : spec.period_ns),
      period_denominator_(media_ ? spec.fps : 1),
      timer_(guest.create_timer(*this)) {
  guest_.arm_timer(timer_, deadline(next_k_), 0);
}

TimeNs PeriodicTimerWorkload::deadline(std::int64_t k) const {
  return start_ns_ + static_cast<TimeNs>(static_cast<__int128>(k) * period_numerator_ / period_denominator_);
}

void PeriodicTimerWorkload::on_timer(TimerId, TimeNs host_now) {
  lateness_ns_.push_back(host_now - deadline(next_k_));
  ++next_k_;
  guest_.arm_timer(timer_, deadline(next_k_), host_now);
}

nlohmann::ordered_json PeriodicTimerWorkload::summary() const {
  auto s = lateness_summary(lateness_ns_);
  if (media_) {
    const TimeNs frame = period_numerator_ / period_denominator_;
    s["fps"] = period_denominator_;
    s["missed_frames"] = std::count_if(lateness_ns_.begin(), lateness_ns_.end(), [frame](std::int64_t l) { return l >= frame; });
  }
  return s;
}

}  // namespace vtick::models::guest
