#pragma once
// What a cross-check leaves behind: crosscheck.md (the verdict, metric by metric, and the
// KS test with its thinning) and, via gnuplot, the measured and one simulated run's guest
// clock offset (compare_offset.{png,svg}) and lateness CDFs (lateness_cdf.{png,svg}).
#include <filesystem>
#include <string>
#include <vector>

#include "crosscheck/metrics.hpp"
#include "crosscheck/verdict.hpp"
#include "sim/plot.hpp"
#include "sim/runner/run.hpp"

namespace vtick::crosscheck {

/// "12.345 ms" for ns, "3.2 ppm", "4 ticks".
[[nodiscard]] std::string format_value(double value, const std::string& unit);

/// One sentence per diverging metric or distribution, with the runs and the numbers:
/// "drift_ppm: run 2 (41.0 ppm) outside the predicted band [-19.0 ppm .. 27.0 ppm]". Empty
/// when the verdict conforms.
[[nodiscard]] std::vector<std::string> divergences(const Verdict& verdict);

/// The markdown report; deterministic (no wall-clock time, no host names). One run: the
/// report as it always was (trace_dir names it); several: verdict.runs name them.
[[nodiscard]] std::string render_markdown(const Verdict& verdict, const std::string& trace_dir, bool with_plots);

/// Writes out_dir/crosscheck.md (created if needed); std::runtime_error if it cannot.
void write_report(const std::filesystem::path& out_dir, const std::string& markdown);

/// Copies each trace's series.csv and lateness files into out_dir/measured (one trace) or
/// out_dir/measured-<i> (run i of several), writes seed 1's outputs into out_dir/simulated,
/// and draws them all (sim/plot.hpp: never throws for gnuplot).
[[nodiscard]] sim::PlotResult plot_overlay(const std::filesystem::path& out_dir,
                                           const std::vector<std::filesystem::path>& trace_dirs,
                                           const sim::runner::RunResult& simulated, const Verdict& verdict);

}  // namespace vtick::crosscheck
