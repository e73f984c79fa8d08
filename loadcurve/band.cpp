#include "loadcurve/band.hpp"

#include <algorithm>
#include <stdexcept>

#include "sim/sample_stats.hpp"

namespace vtick::loadcurve {

Band predicted_band(const std::vector<double>& predicted) {
  if (predicted.empty()) throw std::invalid_argument("predicted_band: no predicted values");
  return Band{*sim::quantile_of(predicted, kBandLow), *sim::quantile_of(predicted, 0.5),
              *sim::quantile_of(predicted, kBandHigh)};
}

MeasuredAgainstBand measured_against(const Band& band, const std::vector<double>& measured) {
  if (measured.empty()) throw std::invalid_argument("measured_against: no measured values");
  MeasuredAgainstBand m;
  m.runs = measured.size();
  const auto [lowest, highest] = std::minmax_element(measured.begin(), measured.end());
  m.min = *lowest;
  m.max = *highest;
  m.median = *sim::quantile_of(measured, 0.5);
  const auto inside = std::count_if(measured.begin(), measured.end(), [&](double v) { return band.contains(v); });
  m.fraction_inside = static_cast<double>(inside) / static_cast<double>(measured.size());
  m.median_inside_range = m.min <= band.median && band.median <= m.max;
  if (m.max > m.min) m.width_over_spread = band.width() / (m.max - m.min);
  return m;
}

}  // namespace vtick::loadcurve
