#pragma once
// One whole cross-check, as `vtick crosscheck` and `vtick validate` run it: load the traces
// (one, or several runs of one case), predict the scenario over seeds 1..N, judge, and leave
// the report (and plots) in out_dir.
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "crosscheck/verdict.hpp"
#include "sim/scenario.hpp"

namespace vtick::crosscheck {

struct CrosscheckRequest {
  sim::Scenario scenario;
  std::vector<std::filesystem::path> trace_dirs;  ///< at least one; several must be one case
  std::filesystem::path out_dir;
  /// unset: the scenario's crosscheck.seeds, else 20; for 2..4 runs at least enough seeds
  /// for the band to reach its level (seeds_for_band in runs_verdict.hpp).
  std::optional<int> seeds;
  bool plot = true;
};

struct CrosscheckOutcome {
  Verdict verdict;
  bool plotted = false;
  std::string plot_message;  ///< why there are no plots, when plot was asked for
};

/// Throws TraceError (bad or mismatched trace, traces of different cases), sim::ScenarioError or std::invalid_argument
/// for bad input. A real VM's trace (its summary has a realvm section) sampled the clock from
/// a guest timer, so its prediction does too (noted in the verdict).
[[nodiscard]] CrosscheckOutcome run_crosscheck(CrosscheckRequest request,
                                               const std::function<void(int, int)>& progress);

}  // namespace vtick::crosscheck
