#pragma once
// offset.png / offset.svg: the guest clock offset of a run, drawn by gnuplot from series.csv.
// Plotting is a convenience: a missing gnuplot or a failed plot is reported, never thrown.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace vtick::sim {

struct PlotResult {
  bool ok = false;
  std::string message;
};

/// Writes out_dir/offset.gp (a fixed, deterministic gnuplot script that takes the CSV, the
/// output prefix and the title as arguments) and runs `gnuplot -c` on it to draw guest clock
/// offset (ms) and tick backlog (second axis) against host time (s) into out_dir/offset.png
/// and out_dir/offset.svg. series_csv needs the columns host_ns, offset_ns and backlog_ticks.
/// Creates out_dir if needed.
/// `vtick compare`: out_dir/compare_offset.{png,svg} (guest offset per run, from
/// out_dir/<run>/series.csv) and, if `workload` is set, out_dir/lateness_cdf.{png,svg} from
/// out_dir/<run>/lateness-<workload>.csv. Runs are named by their subdirectory.
[[nodiscard]] PlotResult plot_comparison(const std::filesystem::path& out_dir, const std::vector<std::string>& runs,
                                         const std::string& workload, std::string_view title);

/// `vtick sweep`: out_dir/sweep.{png,svg}, drift and lateness p99 per scheme against the
/// swept value, from sweep_csv (columns value, scheme, drift_ppm, lateness_p99_ns, ...).
[[nodiscard]] PlotResult plot_sweep(const std::filesystem::path& sweep_csv, const std::filesystem::path& out_dir,
                                    const std::vector<std::string>& schemes, const std::string& parameter,
                                    std::string_view title);

/// `vtick loadcurve`: out_dir/curve.{png,svg}, one panel per metric against the hog count:
/// band_csv's predicted 5-95 % band (columns <metric>_p05, _p95) and median (<metric>_median)
/// and curve_csv's real rows (columns source, engine, <metric>) as points, per engine.
[[nodiscard]] PlotResult plot_loadcurve(const std::filesystem::path& curve_csv, const std::filesystem::path& band_csv,
                                        const std::filesystem::path& out_dir, const std::vector<std::string>& metrics,
                                        const std::vector<std::string>& engines, std::string_view title);

[[nodiscard]] PlotResult plot_offset(const std::filesystem::path& series_csv,
                                     const std::filesystem::path& out_dir, std::string_view title);

}  // namespace vtick::sim
