#pragma once
// The arithmetic of a load curve's summary: the simulator's 5-95 % band at one hog count,
// and how the measured runs at that count sit against it. Quantiles are sim/sample_stats'
// nearest-rank ones (over 20 seeds: the 1st, 10th and 19th smallest value).
#include <cstddef>
#include <optional>
#include <vector>

namespace vtick::loadcurve {

inline constexpr double kBandLow = 0.05;
inline constexpr double kBandHigh = 0.95;

struct Band {
  double low = 0;     ///< 5 % quantile
  double median = 0;  ///< 50 % quantile
  double high = 0;    ///< 95 % quantile
  [[nodiscard]] double width() const { return high - low; }
  /// Closed interval: a run equal to a band edge is inside.
  [[nodiscard]] bool contains(double value) const { return low <= value && value <= high; }
};

/// The band of the predicted values (one per seed); empty is std::invalid_argument.
[[nodiscard]] Band predicted_band(const std::vector<double>& predicted);

struct MeasuredAgainstBand {
  std::size_t runs = 0;
  double min = 0;
  double median = 0;  ///< nearest-rank: the lower of the two middle runs for an even count
  double max = 0;
  double fraction_inside = 0;       ///< runs inside the band / runs
  bool median_inside_range = false; ///< min <= predicted median <= max
  /// band width / (max - min): above 1 the prediction is wider than reality's spread, below 1
  /// narrower; unset when the measured spread is 0 (a single run, or identical runs).
  std::optional<double> width_over_spread;
};

/// The measured values (one per real run) against `band`; empty is std::invalid_argument.
[[nodiscard]] MeasuredAgainstBand measured_against(const Band& band, const std::vector<double>& measured);

}  // namespace vtick::loadcurve
