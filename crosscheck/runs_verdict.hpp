#pragma once
// Several measured runs of one case against the prediction (seeds 1..N). One real run is an
// anecdote: a loaded host's runs vary widely between runs and days, so the question is
// whether the runs fall inside the predicted distribution (docs/crosscheck.md, "Several runs").
//
// For each scalar metric, with n runs and N seeds X_(1) <= ... <= X_(N):
//  - floor f = max(abs, rel x |predicted median|) from the metric's tolerance: a difference
//    finer than f is one neither the model nor the real host claims to resolve;
//  - band [X_(k) - f, X_(N+1-k) + f], k the largest rank with 2k/(N+1) <= alpha/n (at least 1).
//    A run of a correct model is exchangeable with the seeds, so it falls outside
//    [X_(k), X_(N+1-k)] with probability 2k/(N+1) (continuous metrics; ties only lower it):
//    Bonferroni over the n runs bounds a false alarm by n 2k/(N+1) <= alpha;
//  - n < kMinRunsForTest: the metric conforms when every run lies inside the band;
//  - n >= kMinRunsForTest: two tests, each at alpha/2 (Bonferroni): the two-sample
//    Kolmogorov-Smirnov test (exact, Hodges) between the runs and the seeds, both on a grid of
//    width 2f centred on the predicted median, gives p >= alpha/2; and the count of runs
//    beyond every seed (outside [X_(1) - f, X_(N) + f]) is one a correct model reaches with
//    probability >= alpha/2 (beyond_seeds_p_value). KS weighs where the runs sit, not how
//    far out the outliers lie: runs far beyond every seed move it no more than runs just
//    beyond. The band then only names the runs that lie outside it.
#include <cstddef>
#include <vector>

#include "crosscheck/metrics.hpp"
#include "crosscheck/tolerance.hpp"
#include "crosscheck/verdict.hpp"

namespace vtick::crosscheck {

/// From this many runs on, the runs are judged as a sample (KS) rather than one by one.
inline constexpr std::size_t kMinRunsForTest = 5;

/// The band's rank k for N seeds and n runs at family level alpha (at least 1).
[[nodiscard]] std::size_t band_rank(std::size_t seeds, std::size_t runs, double alpha);

/// The fewest seeds whose widest band [X_(1), X_(N)] reaches family level alpha over n runs:
/// the smallest N with 2n/(N+1) <= alpha.
[[nodiscard]] int seeds_for_band(std::size_t runs, double alpha);

/// The fewest seeds against which two of `runs` (>= 2) runs beyond every seed reject at
/// alpha/2: what a crosscheck of kMinRunsForTest runs or more simulates by default.
[[nodiscard]] int seeds_for_tails(std::size_t runs, double alpha);

/// For N seeds and n runs of a correct model (exchangeable with the seeds), the exact chance
/// that at least `beyond` runs lie below every seed or above every seed. N >= 2, n >= 1.
[[nodiscard]] double beyond_seeds_p_value(std::size_t seeds, std::size_t runs, std::size_t beyond);

/// One metric's verdict from its measured values (one per run, at least two) and its predicted
/// values (one per seed, at least two); std::invalid_argument otherwise.
[[nodiscard]] RunsMetricVerdict judge_runs_metric(const ScalarMetric& metric, const std::vector<double>& measured,
                                                  const std::vector<double>& predicted, double alpha);

/// TraceError naming the first run (by its label) that is not of the first run's case and
/// the field that differs.
void require_one_case(const std::vector<RunMetrics>& runs, const std::vector<std::string>& labels);

/// Every scalar metric by the rule above and every run's lateness by the one-run KS test.
/// The runs must be one case (case_identity.hpp) with the predicted runs' workloads;
/// TraceError or std::invalid_argument otherwise. `labels` name the runs (their directories).
[[nodiscard]] Verdict judge_runs(const std::vector<RunMetrics>& measured, const std::vector<std::string>& labels,
                                 const std::vector<RunMetrics>& predicted, const Tolerances& tolerances);

}  // namespace vtick::crosscheck
