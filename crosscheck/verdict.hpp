#pragma once
// The cross-check proper: the simulator's prediction for a scenario (one run per seed
// 1..N, in process) against one measured trace, metric by metric, and an overall verdict.
#include <cstddef>
#include <cstdint>
#include <functional>
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
  KsResult ks;  ///< on the thinned, rounded samples; ks.n_a measured, ks.n_b simulated
  std::size_t measured_samples = 0;
  std::size_t simulated_samples = 0;  ///< over all seeds
  std::size_t measured_step = 1;
  std::size_t simulated_step_min = 1;
  std::size_t simulated_step_max = 1;
  double alpha = 0;
  bool conforms = false;
};

struct Verdict {
  std::string scenario;
  int seeds = 0;
  std::vector<MetricVerdict> metrics;
  std::vector<KsVerdict> ks;
  /// What the report should say about how the prediction was made (one sentence each).
  std::vector<std::string> notes;
  [[nodiscard]] bool conforms() const;
};

/// Judges `measured` against `predicted` (at least two runs, the same workloads in the same
/// order as `measured`, else std::invalid_argument).
[[nodiscard]] Verdict judge(const RunMetrics& measured, const std::vector<RunMetrics>& predicted,
                            const Tolerances& tolerances);

}  // namespace vtick::crosscheck
