#pragma once
// cron: a job due at a wall-clock time. Like cron, the guest wakes every check_interval
// (a minute) and runs the job at the first check whose wall clock (NTP-disciplined, if any)
// has reached the due time. `offset_ns` is when it ran in true time minus the due time:
// positive = late (a slow guest clock, and up to a check interval of cron's own
// granularity), negative = early (a fast guest clock).
#include <optional>
#include <string>
#include <vector>

#include "models/guest/workload.hpp"

namespace vtick::models::guest {

class CronWorkload final : public Workload, public TimerCallback {
 public:
  CronWorkload(GuestKernel& guest, const sim::WorkloadSpec& spec);

  void on_timer(TimerId timer, TimeNs host_now) override;

  [[nodiscard]] const std::string& name() const override { return name_; }
  [[nodiscard]] nlohmann::ordered_json summary() const override;
  [[nodiscard]] const std::vector<std::int64_t>& lateness_ns() const override { return offset_; }

 private:
  GuestKernel& guest_;
  std::string name_;
  TimeNs due_ns_;
  TimeNs check_interval_ns_;
  TimerId timer_;
  std::int64_t next_check_ = 1;
  std::uint64_t checks_ = 0;
  std::vector<std::int64_t> offset_;  ///< one sample once the job ran
};

}  // namespace vtick::models::guest
