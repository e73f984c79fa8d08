#include "crosscheck/report.hpp"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <stdexcept>

namespace vtick::crosscheck {
namespace {

std::string printf_string(const char* format, double value) {
  char text[64];
  std::snprintf(text, sizeof text, format, value);
  return text;
}

std::string verdict_word(bool conforms) { return conforms ? "CONFORMS" : "**DIVERGES**"; }

std::string metric_row(const MetricVerdict& m) {
  const auto f = [&](double v) { return format_value(v, m.unit); };
  return "| " + m.name + " | " + f(m.measured) + " | " + f(m.mean) + " ± " + f(m.sd) + " | [" + f(m.min) + " .. " +
         f(m.max) + "] | " + m.tolerance.describe(m.unit) + " = " + f(m.allowed) + " | " +
         f(std::abs(m.measured - m.mean)) + " | " + verdict_word(m.conforms) + " |\n";
}

std::string ks_row(const KsVerdict& k) {
  const std::string measured_step = std::to_string(k.measured_step);
  const std::string sim_steps = k.simulated_step_min == k.simulated_step_max
                                    ? std::to_string(k.simulated_step_min)
                                    : std::to_string(k.simulated_step_min) + ".." + std::to_string(k.simulated_step_max);
  return "| " + k.workload + " | " + printf_string("%.4f", k.ks.statistic) + " | " + std::to_string(k.ks.n_a) + " of " +
         std::to_string(k.measured_samples) + ", step " + measured_step + " | " + std::to_string(k.ks.n_b) + " of " +
         std::to_string(k.simulated_samples) + ", step " + sim_steps + " | " + printf_string("%.3g", k.ks.p_value) +
         " | " + printf_string("%g", k.alpha) + " | " + verdict_word(k.conforms) + " |\n";
}

void copy_into(const std::filesystem::path& from, const std::filesystem::path& dir) {
  std::filesystem::copy_file(from, dir / from.filename(), std::filesystem::copy_options::overwrite_existing);
}

}  // namespace

std::string format_value(double value, const std::string& unit) {
  if (unit == "ns") return printf_string("%.3f ms", value / 1e6);
  if (unit == "ppm") return printf_string("%.1f ppm", value);
  return printf_string("%.1f", value) + " " + unit;
}

std::string render_markdown(const Verdict& verdict, const std::string& trace_dir, bool with_plots) {
  std::string md = "# Cross-check: " + verdict.scenario + "\n\n";
  md += "Measured trace: `" + trace_dir + "`. Prediction: the simulator, seeds 1.." + std::to_string(verdict.seeds) + ".\n\n";
  md += "**Verdict: " + std::string(verdict.conforms() ? "CONFORMS" : "DIVERGES") + "**";
  md += verdict.conforms() ? " - every metric lies within its tolerance of the prediction.\n\n"
                           : " - at least one metric lies outside its tolerance (marked below).\n\n";
  md += "## Metrics\n\nA metric conforms when |measured - mean| <= max(sigmas x sd, abs, rel x |mean|) over the seeds.\n\n";
  md += "| metric | measured | predicted mean ± sd | [min .. max] | tolerance | \\|measured - mean\\| | verdict |\n";
  md += "| --- | --- | --- | --- | --- | --- | --- |\n";
  for (const auto& m : verdict.metrics) md += metric_row(m);
  md += "\n## Lateness distributions (two-sample Kolmogorov-Smirnov)\n\n";
  md += "Each series (the trace's and every simulated seed's) is thinned to every k-th expiry, k its own first "
        "lag of autocorrelation < 0.1. Lateness is rounded to the KS resolution first. "
        "The distribution conforms when p >= alpha (fixed in advance).\n\n";
  md += "| workload | D | measured n (thinned) | simulated n (thinned, all seeds) | p | alpha | verdict |\n";
  md += "| --- | --- | --- | --- | --- | --- | --- |\n";
  for (const auto& k : verdict.ks) md += ks_row(k);
  if (!verdict.notes.empty()) {
    md += "\n## How the prediction was made\n\n";
    for (const auto& note : verdict.notes) md += "- " + note + "\n";
  }
  if (with_plots) {
    md += "\n## Plots\n\nMeasured against simulated seed 1.\n\n![guest clock offset](compare_offset.png)\n\n";
    if (!verdict.ks.empty()) md += "![lateness CDF of " + verdict.ks.front().workload + "](lateness_cdf.png)\n";
  }
  md += "\nA conforming verdict means this trace is consistent with the model at these tolerances; it does not "
        "prove the model right for other hosts, loads or seeds. See docs/crosscheck.md.\n";
  return md;
}

void write_report(const std::filesystem::path& out_dir, const std::string& markdown) {
  std::filesystem::create_directories(out_dir);
  std::ofstream out(out_dir / "crosscheck.md", std::ios::binary);
  out << markdown;
  if (!out) throw std::runtime_error("cannot write " + (out_dir / "crosscheck.md").string());
}

sim::PlotResult plot_overlay(const std::filesystem::path& out_dir, const std::filesystem::path& trace_dir,
                             const sim::runner::RunResult& simulated, const Verdict& verdict) {
  const auto measured = out_dir / "measured";
  std::filesystem::create_directories(measured);
  copy_into(trace_dir / "series.csv", measured);
  for (const auto& k : verdict.ks) copy_into(trace_dir / ("lateness-" + k.workload + ".csv"), measured);
  sim::runner::write_outputs(simulated, out_dir / "simulated");
  const std::string workload = verdict.ks.empty() ? "" : verdict.ks.front().workload;
  return sim::plot_comparison(out_dir, {"measured", "simulated"}, workload,
                              "cross-check " + verdict.scenario + ": measured vs simulated (seed 1)");
}

}  // namespace vtick::crosscheck
