#pragma once
// The host's time-stamp counter: it counts from 0 at true time 0 at its true rate,
// nominal_hz x (1 + ppm / 1e6) (crystal error: host.tsc_ppm). Guests that read the TSC
// directly, or through pvclock, inherit that error wherever they scale ticks by a believed
// (nominal) frequency.
#include <cstdint>

namespace vtick::models::host {

struct TscModel {
  /// A typical invariant TSC; the frequency only sets the counter's resolution.
  static constexpr std::uint64_t kDefaultNominalHz = 2'000'000'000;

  std::uint64_t nominal_hz = kDefaultNominalHz;
  double ppm = 0.0;

  /// floor(true_ns * true rate / 1e9), computed in integers: ppm is first rounded to a
  /// multiple of 1e-6 ppm (one part in 10^12), which keeps the count deterministic on every
  /// platform; beyond that the count is exact. Requires true_ns >= 0, |ppm| <= 1000 and the
  /// count (and nominal count) to fit in 64 bits; std::invalid_argument otherwise.
  [[nodiscard]] std::uint64_t tsc_at(std::int64_t true_ns) const;
  /// The rate tsc_at() realises (after the same ppm rounding), for error bounds.
  [[nodiscard]] long double rate_hz() const;
};

}  // namespace vtick::models::host
