#include "crosscheck/report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <stdexcept>

#include "crosscheck/runs_verdict.hpp"

namespace vtick::crosscheck {
namespace {

std::string printf_string(const char* format, double value) {
  char text[64];
  std::snprintf(text, sizeof text, format, value);
  return text;
}

std::string verdict_word(bool conforms) { return conforms ? "CONFORMS" : "**DIVERGES**"; }

std::string run_label(const Verdict& v, std::size_t run) {
  return v.runs.size() > 1 ? "run " + std::to_string(run + 1) + " " : "";
}

std::string metric_row(const MetricVerdict& m) {
  const auto f = [&](double v) { return format_value(v, m.unit); };
  return "| " + m.name + " | " + f(m.measured) + " | " + f(m.mean) + " ± " + f(m.sd) + " | [" + f(m.min) + " .. " +
         f(m.max) + "] | " + m.tolerance.describe(m.unit) + " = " + f(m.allowed) + " | " +
         f(std::abs(m.measured - m.mean)) + " | " + verdict_word(m.conforms) + " |\n";
}

std::string ks_row(const KsVerdict& k, const Verdict& v) {
  const std::string measured_step = std::to_string(k.measured_step);
  const std::string sim_steps = k.simulated_step_min == k.simulated_step_max
                                    ? std::to_string(k.simulated_step_min)
                                    : std::to_string(k.simulated_step_min) + ".." + std::to_string(k.simulated_step_max);
  return "| " + run_label(v, k.run) + k.workload + " | " + printf_string("%.4f", k.ks.statistic) + " | " + std::to_string(k.ks.n_a) + " of " +
         std::to_string(k.measured_samples) + ", step " + measured_step + " | " + std::to_string(k.ks.n_b) + " of " +
         std::to_string(k.simulated_samples) + ", step " + sim_steps + " | " + printf_string("%.3g", k.ks.p_value) +
         " | " + printf_string("%g", k.alpha) + " | " + verdict_word(k.conforms) + " |\n";
}

std::string percent(double level) { return printf_string("%.2g%%", level * 100); }

/// "2, 3" (1-based run numbers).
std::string run_numbers(const std::vector<std::size_t>& runs) {
  std::string text;
  for (std::size_t r : runs) text += (text.empty() ? "" : ", ") + std::to_string(r + 1);
  return text;
}

std::string band_text(const RunsMetricVerdict& m) {
  return "[" + format_value(m.band_lo, m.unit) + " .. " + format_value(m.band_hi, m.unit) + "]";
}

std::string outside_text(const RunsMetricVerdict& m) {
  std::string values;
  for (std::size_t r : m.outside) values += (values.empty() ? "" : ", ") + format_value(m.measured[r], m.unit);
  return (m.outside.size() == 1 ? "run " : "runs ") + run_numbers(m.outside) + " (" + values + ") outside the predicted band " +
         band_text(m);
}

std::string runs_divergence(const RunsMetricVerdict& m) {
  if (m.rule == RunsRule::Band) return m.name + ": " + outside_text(m);
  const double level = m.test_level;
  std::string text = m.name + ": ";
  if (m.ks->p_value < level) {
    text += "the runs differ from the seeds (KS D " + printf_string("%.3f", m.ks->statistic) + ", p " +
            printf_string("%.3g", m.ks->p_value) + " < " + printf_string("%g", level) + ")";
  }
  if (*m.beyond_seeds_p < level) {
    text += std::string(m.ks->p_value < level ? "; " : "") + std::to_string(m.beyond_seeds) + " of " +
            std::to_string(m.measured.size()) + " runs lie beyond every seed (p " + printf_string("%.3g", *m.beyond_seeds_p) +
            " < " + printf_string("%g", level) + ")";
  }
  return text + (m.outside.empty() ? "; every run lies inside the band " + band_text(m) : "; " + outside_text(m));
}

std::string runs_values_cell(const RunsMetricVerdict& m) {
  std::string cell;
  for (std::size_t r = 0; r < m.measured.size(); ++r) {
    const bool out = std::find(m.outside.begin(), m.outside.end(), r) != m.outside.end();
    const std::string value = format_value(m.measured[r], m.unit);
    cell += (cell.empty() ? "" : ", ") + (out ? "**" + value + "**" : value);
  }
  return cell;
}

std::string runs_metric_row(const RunsMetricVerdict& m) {
  const auto f = [&](double v) { return format_value(v, m.unit); };
  const std::string test = m.ks ? "KS D " + printf_string("%.3f", m.ks->statistic) + ", p " + printf_string("%.3g", m.ks->p_value) +
                                      "; " + std::to_string(m.beyond_seeds) + " beyond every seed, p " +
                                      printf_string("%.3g", *m.beyond_seeds_p)
                                : "band";
  return "| " + m.name + " | " + runs_values_cell(m) + " | " + f(m.predicted_median) + " | [" + f(m.q_lo) + " .. " +
         f(m.q_hi) + "] ± " + f(m.floor) + " = " + band_text(m) + " | " + std::to_string(m.rank) + ", " +
         percent(m.per_run_level) + ", " + percent(m.family_level) + " | " + test + " | " + verdict_word(m.conforms) + " |\n";
}

std::string runs_metrics_section(const Verdict& v) {
  const std::size_t n = v.runs.size();
  std::string md = "## Metrics over the runs\n\n";
  md += "Each run's value in the order given (bold: outside the band). The band is [X_(k) - f, X_(N+1-k) + f] over the " +
        std::to_string(v.seeds) + " seeds, f = max(abs, rel x |median|) the metric's floor, k the largest rank with "
        "2k/(N+1) <= alpha/n (at least 1): a run of a correct model falls outside [X_(k), X_(N+1-k)] with the per-run "
        "level 2k/(N+1), and one of the n runs with at most the family level. ";
  md += n < kMinRunsForTest
            ? "With n = " + std::to_string(n) + " < " + std::to_string(kMinRunsForTest) +
                  " runs a metric conforms when every run lies inside its band.\n\n"
            : "With n = " + std::to_string(n) + " >= " + std::to_string(kMinRunsForTest) +
                  " runs two tests share alpha: a metric conforms when the two-sample Kolmogorov-Smirnov test of runs "
                  "against seeds (on a grid of width 2f centred on the median; exact p-value) gives p >= alpha/2 and the "
                  "count of runs beyond every seed (outside [X_(1) - f, X_(N) + f]) has p >= alpha/2 under the model "
                  "(exact: runs and seeds exchangeable); the band only names the runs outside it.\n\n";
  md += "| metric | runs | predicted median | band | k, per-run level, family level | test | verdict |\n";
  md += "| --- | --- | --- | --- | --- | --- | --- |\n";
  for (const auto& m : v.runs_metrics) md += runs_metric_row(m);
  return md;
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

std::vector<std::string> divergences(const Verdict& verdict) {
  std::vector<std::string> out;
  for (const auto& m : verdict.metrics) {
    if (!m.conforms) {
      out.push_back(m.name + ": measured " + format_value(m.measured, m.unit) + ", predicted " + format_value(m.mean, m.unit) +
                    " ± " + format_value(m.sd, m.unit) + ", allowed ±" + format_value(m.allowed, m.unit));
    }
  }
  for (const auto& m : verdict.runs_metrics) {
    if (!m.conforms) out.push_back(runs_divergence(m));
  }
  for (const auto& k : verdict.ks) {
    if (!k.conforms) {
      out.push_back(run_label(verdict, k.run) + k.workload + " lateness distribution: KS D " +
                    printf_string("%.4f", k.ks.statistic) + ", p " + printf_string("%.3g", k.ks.p_value) + " < " +
                    printf_string("%g", k.alpha));
    }
  }
  return out;
}

namespace {

std::string one_run_header(const Verdict& verdict, const std::string& trace_dir) {
  std::string md = "Measured trace: `" + trace_dir + "`. Prediction: the simulator, seeds 1.." + std::to_string(verdict.seeds) + ".\n\n";
  md += "**Verdict: " + std::string(verdict.conforms() ? "CONFORMS" : "DIVERGES") + "**";
  md += verdict.conforms() ? " - every metric lies within its tolerance of the prediction.\n\n"
                           : " - at least one metric lies outside its tolerance (marked below).\n\n";
  md += "## Metrics\n\nA metric conforms when |measured - mean| <= max(sigmas x sd, abs, rel x |mean|) over the seeds.\n\n";
  md += "| metric | measured | predicted mean ± sd | [min .. max] | tolerance | \\|measured - mean\\| | verdict |\n";
  md += "| --- | --- | --- | --- | --- | --- | --- |\n";
  for (const auto& m : verdict.metrics) md += metric_row(m);
  return md;
}

std::string runs_header(const Verdict& verdict) {
  std::string md = "Measured runs of one case (n = " + std::to_string(verdict.runs.size()) + "):\n\n";
  for (std::size_t r = 0; r < verdict.runs.size(); ++r) md += std::to_string(r + 1) + ". `" + verdict.runs[r] + "`\n";
  md += "\nPrediction: the simulator, seeds 1.." + std::to_string(verdict.seeds) + ".\n\n";
  md += "**Verdict: " + std::string(verdict.conforms() ? "CONFORMS" : "DIVERGES") + "**";
  if (verdict.conforms()) return md + " - every metric's runs lie within the predicted distribution.\n\n" + runs_metrics_section(verdict);
  md += "\n\n";
  for (const auto& line : divergences(verdict)) md += "- " + line + "\n";
  return md + "\n" + runs_metrics_section(verdict);
}

}  // namespace

std::string render_markdown(const Verdict& verdict, const std::string& trace_dir, bool with_plots) {
  const bool several = verdict.runs.size() > 1;
  std::string md = "# Cross-check: " + verdict.scenario + "\n\n";
  md += several ? runs_header(verdict) : one_run_header(verdict, trace_dir);
  md += "\n## Lateness distributions (two-sample Kolmogorov-Smirnov)\n\n";
  md += "Each series (the trace's and every simulated seed's) is thinned to every k-th expiry, k its own first "
        "lag of autocorrelation < 0.1. Lateness is rounded to the KS resolution first. "
        "The distribution conforms when p >= alpha (fixed in advance).";
  md += several ? " Each run is tested on its own against all seeds.\n\n" : "\n\n";
  md += "| workload | D | measured n (thinned) | simulated n (thinned, all seeds) | p | alpha | verdict |\n";
  md += "| --- | --- | --- | --- | --- | --- | --- |\n";
  for (const auto& k : verdict.ks) md += ks_row(k, verdict);
  if (!verdict.notes.empty()) {
    md += "\n## How the prediction was made\n\n";
    for (const auto& note : verdict.notes) md += "- " + note + "\n";
  }
  if (with_plots) {
    md += std::string("\n## Plots\n\n") + (several ? "Every measured run" : "Measured") +
          " against simulated seed 1.\n\n![guest clock offset](compare_offset.png)\n\n";
    if (!verdict.ks.empty()) md += "![lateness CDF of " + verdict.ks.front().workload + "](lateness_cdf.png)\n";
  }
  md += several ? "\nA conforming verdict means these runs are consistent with the model's distribution at these levels; it "
                  "does not prove the model right for other hosts, loads or seeds. See docs/crosscheck.md.\n"
                : "\nA conforming verdict means this trace is consistent with the model at these tolerances; it does not "
                  "prove the model right for other hosts, loads or seeds. See docs/crosscheck.md.\n";
  return md;
}

void write_report(const std::filesystem::path& out_dir, const std::string& markdown) {
  std::filesystem::create_directories(out_dir);
  std::ofstream out(out_dir / "crosscheck.md", std::ios::binary);
  out << markdown;
  if (!out) throw std::runtime_error("cannot write " + (out_dir / "crosscheck.md").string());
}

sim::PlotResult plot_overlay(const std::filesystem::path& out_dir, const std::vector<std::filesystem::path>& trace_dirs,
                             const sim::runner::RunResult& simulated, const Verdict& verdict) {
  std::vector<std::string> runs;
  for (std::size_t r = 0; r < trace_dirs.size(); ++r) {
    runs.push_back(trace_dirs.size() == 1 ? "measured" : "measured-" + std::to_string(r + 1));
    const auto measured = out_dir / runs.back();
    std::filesystem::create_directories(measured);
    copy_into(trace_dirs[r] / "series.csv", measured);
    for (const auto& k : verdict.ks) {
      if (k.run == r) copy_into(trace_dirs[r] / ("lateness-" + k.workload + ".csv"), measured);
    }
  }
  sim::runner::write_outputs(simulated, out_dir / "simulated");
  runs.push_back("simulated");
  const std::string workload = verdict.ks.empty() ? "" : verdict.ks.front().workload;
  return sim::plot_comparison(out_dir, runs, workload,
                              "cross-check " + verdict.scenario + ": measured vs simulated (seed 1)");
}

}  // namespace vtick::crosscheck
