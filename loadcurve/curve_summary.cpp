#include "loadcurve/curve_summary.hpp"

#include "loadcurve/band.hpp"
#include "sim/expectations.hpp"

namespace vtick::loadcurve {
namespace {

using nlohmann::ordered_json;

/// The metric's values of the rows at `hogs` from `source` (and `engine`, for real rows).
std::vector<double> values_at(const std::vector<CurveRow>& rows, std::size_t metric, int hogs, Source source,
                              const std::string& engine) {
  std::vector<double> values;
  for (const auto& row : rows) {
    if (row.hogs != hogs || row.source != source || (source == Source::Real && row.engine != engine)) continue;
    if (row.values.at(metric)) values.push_back(*row.values[metric]);
  }
  return values;
}

ordered_json optional_number(const std::optional<double>& value) { return value ? ordered_json(*value) : ordered_json(); }

ordered_json metric_point(const std::vector<double>& predicted, const std::vector<double>& measured) {
  ordered_json j;
  std::optional<Band> band;
  if (!predicted.empty()) band = predicted_band(predicted);
  j["predicted_seeds"] = predicted.size();
  j["predicted_median"] = band ? ordered_json(band->median) : ordered_json();
  j["predicted_p05"] = band ? ordered_json(band->low) : ordered_json();
  j["predicted_p95"] = band ? ordered_json(band->high) : ordered_json();
  j["band_width"] = band ? ordered_json(band->width()) : ordered_json();
  j["measured_runs"] = measured.size();
  std::optional<MeasuredAgainstBand> m;
  if (band && !measured.empty()) m = measured_against(*band, measured);
  j["measured_min"] = m ? ordered_json(m->min) : ordered_json();
  j["measured_median"] = m ? ordered_json(m->median) : ordered_json();
  j["measured_max"] = m ? ordered_json(m->max) : ordered_json();
  j["fraction_inside_band"] = m ? ordered_json(m->fraction_inside) : ordered_json();
  j["predicted_median_inside_measured_range"] = m ? ordered_json(m->median_inside_range) : ordered_json();
  j["band_width_over_measured_spread"] = m ? optional_number(m->width_over_spread) : ordered_json();
  return j;
}

}  // namespace

ordered_json curve_points(const std::vector<CurveRow>& rows, const std::vector<CurveMetric>& metrics,
                          const std::vector<std::string>& engines, const std::vector<int>& hogs) {
  ordered_json curves = ordered_json::array();
  for (const auto& engine : engines) {
    ordered_json points = ordered_json::array();
    for (int n : hogs) {
      ordered_json per_metric = ordered_json::object();
      for (std::size_t i = 0; i < metrics.size(); ++i) {
        per_metric[metrics[i].name] = metric_point(values_at(rows, i, n, Source::Sim, ""),
                                                   values_at(rows, i, n, Source::Real, engine));
      }
      points.push_back({{"hogs", n}, {"metrics", per_metric}});
    }
    curves.push_back({{"engine", engine}, {"points", points}});
  }
  return curves;
}

std::string band_csv(const std::vector<CurveRow>& rows, const std::vector<CurveMetric>& metrics,
                     const std::vector<int>& hogs) {
  std::string csv = "hogs";
  for (const auto& metric : metrics) csv += "," + metric.name + "_p05," + metric.name + "_median," + metric.name + "_p95";
  csv += "\n";
  for (int n : hogs) {
    csv += std::to_string(n);
    for (std::size_t i = 0; i < metrics.size(); ++i) {
      const auto predicted = values_at(rows, i, n, Source::Sim, "");
      if (predicted.empty()) {
        csv += ",,,";
        continue;
      }
      const Band band = predicted_band(predicted);
      csv += "," + sim::format_number(band.low) + "," + sim::format_number(band.median) + "," + sim::format_number(band.high);
    }
    csv += "\n";
  }
  return csv;
}

}  // namespace vtick::loadcurve
