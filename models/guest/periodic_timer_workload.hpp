#pragma once
// periodic_timer and media: a kernel timer re-armed for absolute deadlines
// start + k x period (k = 1, 2, ...) in guest time, like cyclictest with an absolute clock.
// Each expiry's lateness is measured against when that deadline falls in true (host) time -
// the same instant, since the guest booted with zero offset - so a guest clock that falls
// behind shows up as lateness. Negative lateness means the timer ran early in true time.
// media: the period is 1/fps s (deadlines k x 10^9 / fps ns, exactly), and a frame whose
// timer runs a whole frame period late or more is missed.
#include <cstdint>
#include <string>
#include <vector>

#include "models/guest/workload.hpp"

namespace vtick::models::guest {

class PeriodicTimerWorkload final : public Workload, public TimerCallback {
 public:
  /// Arms the first expiry.
  PeriodicTimerWorkload(GuestKernel& guest, const sim::WorkloadSpec& spec);

  void on_timer(TimerId timer, TimeNs host_now) override;

  [[nodiscard]] const std::string& name() const override { return name_; }
  [[nodiscard]] nlohmann::ordered_json summary() const override;
  [[nodiscard]] const std::vector<std::int64_t>& lateness_ns() const override { return lateness_ns_; }

 private:
  [[nodiscard]] TimeNs deadline(std::int64_t k) const;

  GuestKernel& guest_;
  std::string name_;
  bool media_;
  TimeNs start_ns_;
  TimeNs period_numerator_;   ///< the period is numerator / denominator ns
  TimeNs period_denominator_;
  std::int64_t next_k_ = 1;
  TimerId timer_;
  std::vector<std::int64_t> lateness_ns_;
};

}  // namespace vtick::models::guest
