#pragma once
// What a cross-check leaves behind: crosscheck.md (the verdict, metric by metric, and the
// KS test with its thinning) and, via gnuplot, the measured and one simulated run's guest
// clock offset (compare_offset.{png,svg}) and lateness CDFs (lateness_cdf.{png,svg}).
#include <filesystem>
#include <string>

#include "crosscheck/metrics.hpp"
#include "crosscheck/verdict.hpp"
#include "sim/plot.hpp"
#include "sim/runner/run.hpp"

namespace vtick::crosscheck {

/// "12.345 ms" for ns, "3.2 ppm", "4 ticks".
[[nodiscard]] std::string format_value(double value, const std::string& unit);

/// The markdown report; deterministic (no wall-clock time, no host names).
[[nodiscard]] std::string render_markdown(const Verdict& verdict, const std::string& trace_dir, bool with_plots);

/// Writes out_dir/crosscheck.md (created if needed); std::runtime_error if it cannot.
void write_report(const std::filesystem::path& out_dir, const std::string& markdown);

/// Copies the trace's series.csv and lateness files into out_dir/measured, writes seed 1's
/// outputs into out_dir/simulated, and draws both (sim/plot.hpp: never throws for gnuplot).
[[nodiscard]] sim::PlotResult plot_overlay(const std::filesystem::path& out_dir, const std::filesystem::path& trace_dir,
                                           const sim::runner::RunResult& simulated, const Verdict& verdict);

}  // namespace vtick::crosscheck
