#pragma once
// A load curve's rows: one per real run and per simulated seed, each reduced to the scalar
// metrics crosscheck computes from a trace (crosscheck/metrics.hpp), and curve.csv.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "crosscheck/metrics.hpp"
#include "sim/scenario.hpp"

namespace vtick::loadcurve {

enum class Source { Real, Sim };

[[nodiscard]] const char* source_name(Source source);  ///< "real", "sim"

struct CurveMetric {
  std::string name;  ///< curve.csv's column, e.g. "drift_ppm", "cyclic.lateness_p99_ns"
  std::string unit;  ///< "ppm", "ns" or "ticks"
  /// unset: this run does not have the metric (a Linux guest does not count lost ticks)
  std::function<std::optional<double>(const crosscheck::RunMetrics&)> of;
};

/// drift_ppm (least-squares slope of offset against host time, summary.json's), final_offset_ns
/// (end to end), offset_at_duration_ns (the last clock sample at or before run.duration of
/// host time: the same span for both sources, where a real guest that samples until its own
/// clock reaches run.duration runs longer the more time it loses, and so ends further behind),
/// ticks_lost, and per periodic_timer workload (crosscheck::compared_workloads) lateness p50
/// and p99 (crosscheck::lateness_quantile), in that order.
[[nodiscard]] std::vector<CurveMetric> curve_metrics(const sim::Scenario& scenario);

struct CurveRow {
  int hogs = 0;
  Source source = Source::Sim;
  std::string engine;  ///< "kvm", "qemu", "linux" for a real run; empty for the simulator
  int index = 0;       ///< real: run 1..R; sim: seed
  std::vector<std::optional<double>> values;  ///< one per curve_metrics() entry
  /// Host time from the run's start to its last clock sample (series.csv's last host_ns):
  /// the span its drift is measured over, the same for both sources.
  std::int64_t duration_ns = 0;
};

[[nodiscard]] CurveRow curve_row(int hogs, Source source, std::string engine, int index,
                                 const crosscheck::RunMetrics& run, const std::vector<CurveMetric>& metrics);

/// curve.csv: header hogs,source,engine,index,<metrics>,duration_ns; rows ordered by hog
/// count, real before sim, engine, index whatever the order given; integral values without
/// decimals, others as sim::format_number; an unset value is an empty cell.
[[nodiscard]] std::string curve_csv(std::vector<CurveRow> rows, const std::vector<CurveMetric>& metrics);

}  // namespace vtick::loadcurve
