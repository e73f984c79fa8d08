#include "protocols/tsc/tsc_clocksource.hpp"

#include <cmath>

namespace vtick::protocols::tsc {

TscClocksource::TscClocksource(const models::host::TscModel& tsc, double calibration_ppm)
    : tsc_(tsc),
      believed_hz_(static_cast<std::uint64_t>(
          std::llround(static_cast<double>(tsc.nominal_hz) * (1.0 + calibration_ppm * 1e-6)))) {}

// Linux scales with a mult/shift pair (clocks_calc_mult_shift); exact division differs from
// it by well under a nanosecond per second, far below the errors modelled here.
sim::TimeNs TscClocksource::read(sim::TimeNs host_ns) const {
  const unsigned __int128 ns = static_cast<unsigned __int128>(tsc_.tsc_at(host_ns)) * 1'000'000'000 / believed_hz_;
  return static_cast<sim::TimeNs>(ns);
}

}  // namespace vtick::protocols::tsc
