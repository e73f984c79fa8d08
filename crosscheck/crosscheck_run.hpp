#pragma once
// One whole cross-check, as `vtick crosscheck` and `vtick validate` run it: load the trace,
// predict the scenario over seeds 1..N, judge, and leave the report (and plots) in out_dir.
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "crosscheck/verdict.hpp"
#include "sim/scenario.hpp"

namespace vtick::crosscheck {

struct CrosscheckRequest {
  sim::Scenario scenario;
  std::filesystem::path trace_dir;
  std::filesystem::path out_dir;
  std::optional<int> seeds;  ///< unset: the scenario's crosscheck.seeds, else 20
  bool plot = true;
};

struct CrosscheckOutcome {
  Verdict verdict;
  bool plotted = false;
  std::string plot_message;  ///< why there are no plots, when plot was asked for
};

/// Throws TraceError (bad or mismatched trace), sim::ScenarioError or std::invalid_argument
/// for bad input. A real VM's trace (its summary has a realvm section) sampled the clock from
/// a guest timer, so its prediction does too (noted in the verdict).
[[nodiscard]] CrosscheckOutcome run_crosscheck(CrosscheckRequest request,
                                               const std::function<void(int, int)>& progress);

}  // namespace vtick::crosscheck
