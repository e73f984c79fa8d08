#include "crosscheck/runs_verdict.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>

#include "sim/sample_stats.hpp"

namespace vtick::crosscheck {
namespace {

// The KS test compares integers: without a floor, values are kept in thousandths of the
// metric's unit (1e-3 ppm, 1e-3 ns, 1e-3 ticks).
constexpr double kGrid = 1000;

std::int64_t to_grid(double value) { return std::llround(value * kGrid); }

/// X_(rank) of n values: the nearest-rank quantile rank / n is exactly that order statistic.
double order_statistic(const std::vector<double>& values, std::size_t rank) {
  return *sim::quantile_of(values, static_cast<double>(rank) / static_cast<double>(values.size()));
}

/// Values on a grid of width 2 floor centred on the predicted median: two values within the
/// floor of the median fall in one cell, so the KS test does not reject for differences the
/// floor says nobody resolves. A zero floor leaves the values as they are (in thousandths).
std::vector<std::int64_t> on_floor_grid(const std::vector<double>& values, double median, double floor) {
  std::vector<std::int64_t> cells;
  for (double v : values) cells.push_back(floor > 0 ? std::llround((v - median) / (2 * floor)) : to_grid(v));
  return cells;
}

/// The exact KS p-value while the lattice count is cheap, the asymptotic one beyond.
KsResult ks_over_runs(const std::vector<std::int64_t>& runs, const std::vector<std::int64_t>& seeds) {
  if (runs.size() * seeds.size() <= kMaxExactProduct) return ks_test_exact(runs, seeds);
  return ks_test(runs, seeds);
}

std::vector<double> values_of(const ScalarMetric& metric, const std::vector<RunMetrics>& runs) {
  std::vector<double> values;
  for (const auto& run : runs) values.push_back(metric.of(run));
  return values;
}

}  // namespace

std::size_t band_rank(std::size_t seeds, std::size_t runs, double alpha) {
  if (runs == 0) throw std::invalid_argument("band_rank: no runs");
  const double k = std::floor(alpha * static_cast<double>(seeds + 1) / (2.0 * static_cast<double>(runs)) + 1e-9);
  return std::clamp<std::size_t>(static_cast<std::size_t>(std::max(k, 1.0)), 1, std::max<std::size_t>(seeds / 2, 1));
}

// The n runs and N seeds of a correct model are exchangeable: their joint order is a uniform
// arrangement of n runs among N + n places. a runs below every seed and b above leave n - a - b
// runs among the N - 2 inner seeds: C(N - 2 + n - a - b, n - a - b) arrangements of C(N + n, n).
double beyond_seeds_p_value(std::size_t seeds, std::size_t runs, std::size_t beyond) {
  if (seeds < 2 || runs == 0) throw std::invalid_argument("beyond_seeds_p_value: needs two seeds and a run");
  if (beyond == 0) return 1.0;
  const auto log_choose = [](double n, double k) { return std::lgamma(n + 1) - std::lgamma(k + 1) - std::lgamma(n - k + 1); };
  const double all = log_choose(static_cast<double>(seeds + runs), static_cast<double>(runs));
  double p = 0;
  for (std::size_t out = beyond; out <= runs; ++out) {
    const double inner = static_cast<double>(runs - out);
    const double ways = std::exp(log_choose(static_cast<double>(seeds - 2) + inner, inner) - all);
    p += static_cast<double>(out + 1) * ways;  // a + b = out in out + 1 ways
  }
  return std::min(1.0, p);
}

int seeds_for_tails(std::size_t runs, double alpha) {
  int seeds = 2;
  while (beyond_seeds_p_value(static_cast<std::size_t>(seeds), runs, 2) >= alpha / 2) ++seeds;
  return seeds;
}

int seeds_for_band(std::size_t runs, double alpha) {
  return static_cast<int>(std::ceil(2.0 * static_cast<double>(runs) / alpha - 1e-9)) - 1;
}

RunsMetricVerdict judge_runs_metric(const ScalarMetric& metric, const std::vector<double>& measured,
                                    const std::vector<double>& predicted, double alpha) {
  if (measured.size() < 2 || predicted.size() < 2) {
    throw std::invalid_argument("judging runs needs at least two measured and two predicted values");
  }
  RunsMetricVerdict v;
  v.name = metric.name;
  v.unit = metric.unit;
  v.measured = measured;
  v.alpha = alpha;
  const std::size_t n = measured.size();
  const std::size_t big_n = predicted.size();
  v.predicted_median = *sim::quantile_of(predicted, 0.5);
  v.floor = std::max(metric.tolerance->abs, metric.tolerance->rel * std::abs(v.predicted_median));
  v.rank = band_rank(big_n, n, alpha);
  v.q_lo = order_statistic(predicted, v.rank);
  v.q_hi = order_statistic(predicted, big_n + 1 - v.rank);
  v.band_lo = v.q_lo - v.floor;
  v.band_hi = v.q_hi + v.floor;
  v.per_run_level = 2.0 * static_cast<double>(v.rank) / static_cast<double>(big_n + 1);
  v.family_level = std::min(1.0, static_cast<double>(n) * v.per_run_level);
  for (std::size_t r = 0; r < n; ++r) {
    if (measured[r] < v.band_lo || measured[r] > v.band_hi) v.outside.push_back(r);
  }
  if (n < kMinRunsForTest) {
    v.rule = RunsRule::Band;
    v.conforms = v.outside.empty();
    return v;
  }
  // Two tests share alpha (Bonferroni): KS weighs the whole distribution, the count of runs
  // beyond every seed weighs the tails KS is blind to.
  v.rule = RunsRule::KsOverRuns;
  v.ks = ks_over_runs(on_floor_grid(measured, v.predicted_median, v.floor),
                      on_floor_grid(predicted, v.predicted_median, v.floor));
  const double lowest = order_statistic(predicted, 1) - v.floor;
  const double highest = order_statistic(predicted, big_n) + v.floor;
  v.beyond_seeds = static_cast<std::size_t>(
      std::count_if(measured.begin(), measured.end(), [&](double x) { return x < lowest || x > highest; }));
  v.beyond_seeds_p = beyond_seeds_p_value(big_n, n, v.beyond_seeds);
  v.test_level = alpha / 2;
  v.conforms = v.ks->p_value >= v.test_level && *v.beyond_seeds_p >= v.test_level;
  return v;
}

void require_one_case(const std::vector<RunMetrics>& runs, const std::vector<std::string>& labels) {
  if (runs.size() != labels.size()) throw std::invalid_argument("require_one_case: one label per run");
  for (std::size_t r = 1; r < runs.size(); ++r) {
    if (const auto difference = case_difference(runs.front().identity, runs[r].identity)) {
      throw TraceError(labels[r] + "/summary.json: not a run of the same case as " + labels.front() + ": " +
                       *difference);
    }
    if (runs[r].ticks_lost.has_value() != runs.front().ticks_lost.has_value()) {
      throw TraceError(labels[r] + "/summary.json: ticks.lost is " + (runs[r].ticks_lost ? "counted" : "null") +
                       " here but not in " + labels.front());
    }
  }
}

Verdict judge_runs(const std::vector<RunMetrics>& measured, const std::vector<std::string>& labels,
                   const std::vector<RunMetrics>& predicted, const Tolerances& tolerances) {
  if (measured.size() < 2) throw std::invalid_argument("judge_runs needs at least two measured runs");
  require_one_case(measured, labels);
  for (const auto& run : measured) require_same_workloads(run, predicted);
  Verdict v;
  v.scenario = measured.front().scenario;
  v.seeds = static_cast<int>(predicted.size());
  v.runs = labels;
  for (const auto& metric : scalar_metrics(measured.front(), tolerances)) {
    v.runs_metrics.push_back(
        judge_runs_metric(metric, values_of(metric, measured), values_of(metric, predicted), tolerances.alpha));
  }
  if (!measured.front().ticks_lost) v.notes.push_back("ticks_lost is not compared: the traces do not count lost ticks.");
  for (std::size_t r = 0; r < measured.size(); ++r) {
    for (std::size_t w = 0; w < measured[r].lateness.size(); ++w) {
      KsVerdict k = judge_lateness(w, measured[r], predicted, tolerances);
      k.run = r;
      v.ks.push_back(std::move(k));
    }
  }
  return v;
}

}  // namespace vtick::crosscheck
