#include "loadcurve/curve.hpp"

#include <algorithm>
#include <tuple>

#include "sim/expectations.hpp"

namespace vtick::loadcurve {
namespace {

std::string cell(const std::optional<double>& value) { return value ? sim::format_number(*value) : ""; }

/// The offset of the last clock sample at or before `host_ns`.
std::optional<double> offset_at(const crosscheck::RunMetrics& m, std::int64_t host_ns) {
  const auto after = std::upper_bound(m.host_ns.begin(), m.host_ns.end(), host_ns);
  if (after == m.host_ns.begin()) return std::nullopt;
  return static_cast<double>(m.offset_ns[static_cast<std::size_t>(after - m.host_ns.begin()) - 1]);
}

}  // namespace

const char* source_name(Source source) { return source == Source::Real ? "real" : "sim"; }

std::vector<CurveMetric> curve_metrics(const sim::Scenario& scenario) {
  using crosscheck::RunMetrics;
  std::vector<CurveMetric> metrics{
      {"drift_ppm", "ppm", [](const RunMetrics& m) { return std::optional<double>(m.drift_ppm); }},
      {"final_offset_ns", "ns", [](const RunMetrics& m) { return std::optional<double>(m.final_offset_ns); }},
      {"offset_at_duration_ns", "ns",
       [duration = scenario.run.duration_ns](const RunMetrics& m) { return offset_at(m, duration); }},
      {"ticks_lost", "ticks",
       [](const RunMetrics& m) { return m.ticks_lost ? std::optional<double>(*m.ticks_lost) : std::nullopt; }},
  };
  const auto workloads = crosscheck::compared_workloads(scenario);
  for (std::size_t w = 0; w < workloads.size(); ++w) {
    for (const auto& [suffix, p] : {std::pair{"lateness_p50_ns", 0.50}, std::pair{"lateness_p99_ns", 0.99}}) {
      metrics.push_back({workloads[w] + "." + suffix, "ns", [w, p = p](const RunMetrics& m) {
                           return std::optional<double>(crosscheck::lateness_quantile(m.lateness.at(w).samples, p));
                         }});
    }
  }
  return metrics;
}

CurveRow curve_row(int hogs, Source source, std::string engine, int index, const crosscheck::RunMetrics& run,
                   const std::vector<CurveMetric>& metrics) {
  CurveRow row{hogs, source, std::move(engine), index, {}, run.host_ns.empty() ? 0 : run.host_ns.back()};
  for (const auto& metric : metrics) row.values.push_back(metric.of(run));
  return row;
}

std::string curve_csv(std::vector<CurveRow> rows, const std::vector<CurveMetric>& metrics) {
  std::stable_sort(rows.begin(), rows.end(), [](const CurveRow& a, const CurveRow& b) {
    return std::tie(a.hogs, a.source, a.engine, a.index) < std::tie(b.hogs, b.source, b.engine, b.index);
  });
  std::string csv = "hogs,source,engine,index";
  for (const auto& metric : metrics) csv += "," + metric.name;
  csv += ",duration_ns\n";
  for (const auto& row : rows) {
    csv += std::to_string(row.hogs) + "," + source_name(row.source) + "," + row.engine + "," + std::to_string(row.index);
    for (const auto& value : row.values) csv += "," + cell(value);
    csv += "," + std::to_string(row.duration_ns) + "\n";
  }
  return csv;
}

}  // namespace vtick::loadcurve
