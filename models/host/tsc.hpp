#pragma once
// The host's time-stamp counter: a free-running counter at a nominal frequency whose true
// rate is off by host.tsc_ppm (crystal error). Guests that read the TSC (directly, or
// through pvclock) inherit that error wherever they scale ticks by the nominal frequency.
// Reads are exact integer arithmetic: tsc(t) = floor(t x nominal x (1 + ppm/1e6) / 1e9).
#include <cmath>
#include <cstdint>

#include "sim/time.hpp"

namespace vtick::models::host {

class Tsc {
 public:
  /// A typical invariant TSC; the frequency only sets the counter's resolution.
  static constexpr std::uint64_t kDefaultNominalHz = 2'000'000'000;

  explicit Tsc(double ppm, std::uint64_t nominal_hz = kDefaultNominalHz)
      : nominal_hz_(nominal_hz), rate_ppt_(kPartsPerTrillion + std::llround(ppm * 1e6)) {}

  [[nodiscard]] std::uint64_t nominal_hz() const { return nominal_hz_; }
  /// The counter at true time true_ns (>= 0).
  [[nodiscard]] std::uint64_t at(sim::TimeNs true_ns) const {
    const unsigned __int128 ticks = static_cast<unsigned __int128>(true_ns) * nominal_hz_ *
                                    static_cast<unsigned __int128>(rate_ppt_);
    return static_cast<std::uint64_t>(ticks / (static_cast<unsigned __int128>(kPartsPerTrillion) * 1'000'000'000));
  }

 private:
  static constexpr std::int64_t kPartsPerTrillion = 1'000'000'000'000;
  std::uint64_t nominal_hz_;
  std::int64_t rate_ppt_;  ///< true rate / nominal rate, in parts per 10^12
};

}  // namespace vtick::models::host
