#pragma once
// clocksource=tsc: a guest that reads the TSC directly and scales it by the frequency it
// calibrated at boot (no VMM page). Elapsed time survives late and lost ticks; the clock
// drifts by (host TSC rate error - calibration error), and nothing ever corrects it.
#include "models/guest/clocksource.hpp"
#include "models/host/tsc.hpp"

namespace vtick::protocols::tsc {

class TscClocksource final : public models::guest::Clocksource {
 public:
  /// `calibration_ppm`: how far the guest's frequency estimate is above nominal.
  TscClocksource(const models::host::TscModel& tsc, double calibration_ppm);

  [[nodiscard]] sim::TimeNs read(sim::TimeNs host_ns) const override;

 private:
  const models::host::TscModel& tsc_;
  std::uint64_t believed_hz_;
};

}  // namespace vtick::protocols::tsc
