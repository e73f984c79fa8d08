#pragma once
// summary.json's curves and band.csv (the plot's band) from a load curve's rows: per engine,
// hog count and metric, the predicted band (band.hpp) and the measured runs against it.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "loadcurve/curve.hpp"

namespace vtick::loadcurve {

/// [{"engine": e, "points": [{"hogs": n, "metrics": {name: {...}}}]}] for each engine in
/// `engines` (a real engine whose runs were skipped still gets its predicted side, with the
/// measured fields null). Per metric: predicted_median, predicted_p05, predicted_p95,
/// band_width, measured_runs, measured_min/median/max, fraction_inside_band,
/// predicted_median_inside_measured_range, band_width_over_measured_spread (null when the
/// measured spread is 0).
[[nodiscard]] nlohmann::ordered_json curve_points(const std::vector<CurveRow>& rows,
                                                  const std::vector<CurveMetric>& metrics,
                                                  const std::vector<std::string>& engines, const std::vector<int>& hogs);

/// band.csv: one row per hog count, hogs then <metric>_p05,<metric>_median,<metric>_p95 per
/// metric (empty where the simulator has no value), formatted as curve.csv.
[[nodiscard]] std::string band_csv(const std::vector<CurveRow>& rows, const std::vector<CurveMetric>& metrics,
                                   const std::vector<int>& hogs);

}  // namespace vtick::loadcurve
