#pragma once
// A cyclictest-like guest workload: a kernel timer re-armed for absolute deadlines
// start + k x period (k = 1, 2, ...) in guest time. Each expiry's lateness is measured
// against when that deadline falls in true (host) time - the same instant, since the guest
// booted with zero offset - so a guest clock that falls behind shows up as lateness.
// Negative lateness means the timer ran early in true time (possible under catch-up).
#include <cstdint>
#include <string>
#include <vector>

#include "models/guest/guest_kernel.hpp"
#include "sim/scenario.hpp"

namespace vtick::models::guest {

class PeriodicTimerWorkload final : public TimerCallback {
 public:
  /// Arms the first expiry. `lateness` receives one sample per expiry, in ns.
  PeriodicTimerWorkload(GuestKernel& guest, const sim::WorkloadSpec& spec);

  void on_timer(TimerId timer, TimeNs host_now) override;

  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] const std::vector<std::int64_t>& lateness_ns() const { return lateness_ns_; }

 private:
  [[nodiscard]] TimeNs deadline(std::int64_t k) const { return start_ns_ + k * period_ns_; }

  GuestKernel& guest_;
  std::string name_;
  TimeNs start_ns_;
  TimeNs period_ns_;
  std::int64_t next_k_ = 1;
  TimerId timer_;
  std::vector<std::int64_t> lateness_ns_;
};

}  // namespace vtick::models::guest
