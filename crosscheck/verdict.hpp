#pragma once
// The cross-check proper: the simulator's prediction for a scenario (one run per seed
// 1..N, in process) against one measured trace, metric by metric, and an overall verdict.
// Several traces of one case are judged by crosscheck/runs_verdict.hpp into the same Verdict.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "crosscheck/ks_test.hpp"
#include "crosscheck/metrics.hpp"
#include "crosscheck/tolerance.hpp"
#include "sim/runner/run.hpp"
#include "sim/scenario.hpp"

namespace vtick::crosscheck {

struct Prediction {
  std::vector<RunMetrics> runs;  ///< seed 1..N in order
  /// Seed 1's full outputs, for the plot of one simulated run beside the measured one.
  sim::runner::RunResult first;
};

/// Runs the scenario once per seed 1..seeds (the direct engine: same results as SystemC,
/// faster). `progress` (may be empty) is called after each seed with (done, seeds).
[[nodiscard]] Prediction predict(const sim::Scenario& scenario, int seeds,
                                 const std::function<void(int, int)>& progress);

struct MetricVerdict {
  std::string name;  ///< e.g. "drift_ppm", "cyclic.lateness_p99"
  std::string unit;  ///< "ppm", "ns" or "ticks"
  double measured = 0;
  double mean = 0;
  double sd = 0;  ///< sample standard deviation over seeds
  double min = 0;
  double max = 0;
  Tolerance tolerance;
  double allowed = 0;  ///< tolerance.allowed(mean, sd)
  bool conforms = false;
};

struct KsVerdict {
  std::string workload;
  std::size_t run = 0;  ///< which measured run (0-based, in the order given)
  KsResult ks;  ///< on the thinned, rounded samples; ks.n_a measured, ks.n_b simulated
  std::size_t measured_samples = 0;
  std::size_t simulated_samples = 0;  ///< over all seeds
  std::size_t measured_step = 1;
  std::size_t simulated_step_min = 1;
  std::size_t simulated_step_max = 1;
  double alpha = 0;
  bool conforms = false;
};

/// How several runs are judged (crosscheck/runs_verdict.hpp, docs/crosscheck.md).
enum class RunsRule { Band, KsOverRuns };

/// One scalar metric over n >= 2 measured runs.
struct RunsMetricVerdict {
  std::string name;
  std::string unit;
  RunsRule rule = RunsRule::Band;
  std::vector<double> measured;  ///< one value per run, in the order the runs were given
  double predicted_median = 0;   ///< nearest-rank median of the seeds
  double floor = 0;              ///< max(abs, rel x |predicted_median|): finer differences are not claimed
  std::size_t rank = 1;          ///< the band's edges are the rank-th smallest and largest seed
  double q_lo = 0;               ///< X_(rank) over the seeds
  double q_hi = 0;               ///< X_(N + 1 - rank)
  double band_lo = 0;            ///< q_lo - floor
  double band_hi = 0;            ///< q_hi + floor
  double per_run_level = 0;      ///< 2 rank / (N + 1): chance one run of the model falls outside
  double family_level = 0;       ///< min(1, n per_run_level): Bonferroni bound over the runs
  std::vector<std::size_t> outside;  ///< runs (0-based) outside [band_lo, band_hi]
  std::optional<KsResult> ks;    ///< RunsRule::KsOverRuns: runs against seeds, on the floor's grid
  std::size_t beyond_seeds = 0;  ///< RunsRule::KsOverRuns: runs outside [X_(1) - floor, X_(N) + floor]
  std::optional<double> beyond_seeds_p;  ///< chance of at least that many for a correct model
  double test_level = 0;         ///< RunsRule::KsOverRuns: what each of its two p-values is held to (alpha / 2)
  double alpha = 0;
  bool conforms = false;
};

struct Verdict {
  std::string scenario;
  int seeds = 0;
  /// The measured runs' labels (their directories) in order; one entry: the one-run rule.
  std::vector<std::string> runs;
  std::vector<MetricVerdict> metrics;           ///< one run: |measured - mean| against the tolerance
  std::vector<RunsMetricVerdict> runs_metrics;  ///< several runs: runs_verdict.hpp's rule
  std::vector<KsVerdict> ks;                    ///< per run, per workload
  /// What the report should say about how the prediction was made (one sentence each).
  std::vector<std::string> notes;
  [[nodiscard]] bool conforms() const;
};

/// A scalar metric: its name, display unit, tolerance and how to read it from a run.
struct ScalarMetric {
  std::string name;
  std::string unit;
  const Tolerance* tolerance;
  std::function<double(const RunMetrics&)> of;
};

/// The scalar metrics compared for runs shaped like `shape` (ticks_lost only when counted;
/// three lateness quantiles per compared workload); the tolerances must outlive the result.
[[nodiscard]] std::vector<ScalarMetric> scalar_metrics(const RunMetrics& shape, const Tolerances& tolerances);

/// One run's lateness of workload `w` against all seeds' (thinned, rounded, KS at alpha).
[[nodiscard]] KsVerdict judge_lateness(std::size_t w, const RunMetrics& measured, const std::vector<RunMetrics>& predicted,
                                       const Tolerances& tolerances);

/// std::invalid_argument unless there are two predicted runs with measured's workloads.
void require_same_workloads(const RunMetrics& measured, const std::vector<RunMetrics>& predicted);

/// Judges `measured` against `predicted` (at least two runs, the same workloads in the same
/// order as `measured`, else std::invalid_argument).
[[nodiscard]] Verdict judge(const RunMetrics& measured, const std::vector<RunMetrics>& predicted,
                            const Tolerances& tolerances);

}  // namespace vtick::crosscheck
