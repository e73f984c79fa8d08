#include "crosscheck/verdict.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <stdexcept>

#include "crosscheck/autocorrelation.hpp"

namespace vtick::crosscheck {
namespace {

MetricVerdict judge_scalar(const ScalarMetric& s, const RunMetrics& measured, const std::vector<RunMetrics>& predicted) {
  MetricVerdict v;
  v.name = s.name;
  v.unit = s.unit;
  v.measured = s.of(measured);
  std::vector<double> values;
  for (const auto& run : predicted) values.push_back(s.of(run));
  long double sum = 0;
  for (double x : values) sum += x;
  v.mean = static_cast<double>(sum / static_cast<long double>(values.size()));
  long double squares = 0;
  for (double x : values) squares += (x - v.mean) * (x - v.mean);
  v.sd = std::sqrt(static_cast<double>(squares / static_cast<long double>(values.size() - 1)));
  const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
  v.min = *lo;
  v.max = *hi;
  v.tolerance = *s.tolerance;
  v.allowed = v.tolerance.allowed(v.mean, v.sd);
  v.conforms = std::abs(v.measured - v.mean) <= v.allowed;
  return v;
}

std::vector<std::int64_t> rounded(std::vector<std::int64_t> samples, sim::TimeNs resolution) {
  for (auto& x : samples) {
    x = static_cast<std::int64_t>(std::llround(static_cast<double>(x) / static_cast<double>(resolution))) * resolution;
  }
  return samples;
}

}  // namespace

std::vector<ScalarMetric> scalar_metrics(const RunMetrics& shape, const Tolerances& t) {
  std::vector<ScalarMetric> out{
      {"drift_ppm", "ppm", &t.drift_ppm, [](const RunMetrics& m) { return m.drift_ppm; }},
      {"final_offset", "ns", &t.final_offset, [](const RunMetrics& m) { return static_cast<double>(m.final_offset_ns); }},
      {"max_abs_offset", "ns", &t.max_abs_offset,
       [](const RunMetrics& m) { return static_cast<double>(m.max_abs_offset_ns); }},
  };
  if (shape.ticks_lost) {
    out.push_back(
        {"ticks_lost", "ticks", &t.ticks_lost, [](const RunMetrics& m) { return static_cast<double>(m.ticks_lost.value()); }});
  }
  const std::array<std::pair<const char*, std::pair<double, const Tolerance*>>, 3> quantiles{{
      {"lateness_p50", {0.50, &t.lateness_p50}},
      {"lateness_p99", {0.99, &t.lateness_p99}},
      {"lateness_max", {1.00, &t.lateness_max}},
  }};
  for (std::size_t w = 0; w < shape.lateness.size(); ++w) {
    for (const auto& [suffix, q] : quantiles) {
      const double p = q.first;
      out.push_back({shape.lateness[w].workload + "." + suffix, "ns", q.second, [w, p](const RunMetrics& m) {
                       return static_cast<double>(lateness_quantile(m.lateness[w].samples, p));
                     }});
    }
  }
  return out;
}

KsVerdict judge_lateness(std::size_t w, const RunMetrics& measured, const std::vector<RunMetrics>& predicted,
                         const Tolerances& t) {
  KsVerdict v;
  v.workload = measured.lateness[w].workload;
  v.alpha = t.alpha;
  std::vector<std::int64_t> simulated;
  v.simulated_step_min = SIZE_MAX;
  v.simulated_step_max = 0;
  for (const auto& run : predicted) {
    const auto& series = run.lateness[w].samples;
    const std::size_t step = thinning_step(series);
    v.simulated_step_min = std::min(v.simulated_step_min, step);
    v.simulated_step_max = std::max(v.simulated_step_max, step);
    const auto kept = thin(series, step);
    simulated.insert(simulated.end(), kept.begin(), kept.end());
    v.simulated_samples += series.size();
  }
  const WorkloadLateness& m = measured.lateness[w];
  v.measured_samples = m.samples.size();
  v.measured_step = thinning_step(m.samples);
  const auto measured_kept = thin(m.samples, v.measured_step);
  v.ks = ks_test(rounded(measured_kept, t.ks_resolution_ns), rounded(simulated, t.ks_resolution_ns));
  v.conforms = v.ks.p_value >= t.alpha;
  return v;
}

void require_same_workloads(const RunMetrics& measured, const std::vector<RunMetrics>& predicted) {
  if (predicted.size() < 2) throw std::invalid_argument("a prediction needs at least two simulated runs");
  for (const auto& run : predicted) {
    if (run.lateness.size() != measured.lateness.size()) {
      throw std::invalid_argument("measured and simulated runs compare different workloads");
    }
    for (std::size_t w = 0; w < run.lateness.size(); ++w) {
      if (run.lateness[w].workload != measured.lateness[w].workload) {
        throw std::invalid_argument("workload " + measured.lateness[w].workload + " is not simulated");
      }
    }
  }
}


Prediction predict(const sim::Scenario& scenario, int seeds, const std::function<void(int, int)>& progress) {
  const auto workloads = compared_workloads(scenario);
  Prediction p{{}, {nlohmann::ordered_json::object(), sim::SeriesWriter({"none"}), sim::TraceWriter(0), {}}};
  for (int seed = 1; seed <= seeds; ++seed) {
    sim::runner::RunOptions options;
    options.engine = sim::EngineKind::Direct;
    options.seed = static_cast<std::uint64_t>(seed);
    auto run = sim::runner::run_scenario(scenario, options);
    p.runs.push_back(metrics_of(run, workloads));
    if (seed == 1) p.first = std::move(run);
    if (progress) progress(seed, seeds);
  }
  return p;
}

bool Verdict::conforms() const {
  return std::all_of(metrics.begin(), metrics.end(), [](const MetricVerdict& m) { return m.conforms; }) &&
         std::all_of(runs_metrics.begin(), runs_metrics.end(), [](const RunsMetricVerdict& m) { return m.conforms; }) &&
         std::all_of(ks.begin(), ks.end(), [](const KsVerdict& k) { return k.conforms; });
}

Verdict judge(const RunMetrics& measured, const std::vector<RunMetrics>& predicted, const Tolerances& tolerances) {
  require_same_workloads(measured, predicted);
  Verdict v;
  v.scenario = measured.scenario;
  v.seeds = static_cast<int>(predicted.size());
  v.runs = {"measured"};
  for (const auto& s : scalar_metrics(measured, tolerances)) v.metrics.push_back(judge_scalar(s, measured, predicted));
  if (!measured.ticks_lost) v.notes.push_back("ticks_lost is not compared: the trace does not count lost ticks.");
  for (std::size_t w = 0; w < measured.lateness.size(); ++w) {
    v.ks.push_back(judge_lateness(w, measured, predicted, tolerances));
  }
  return v;
}

}  // namespace vtick::crosscheck
