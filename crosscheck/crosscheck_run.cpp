#include "crosscheck/crosscheck_run.hpp"

#include <algorithm>

#include "crosscheck/metrics.hpp"
#include "crosscheck/recorded_engine.hpp"
#include "crosscheck/report.hpp"
#include "crosscheck/report_json.hpp"
#include "crosscheck/runs_verdict.hpp"
#include "crosscheck/tolerance.hpp"

namespace vtick::crosscheck {
namespace {

RunMetrics load_run(const std::filesystem::path& dir, const sim::Scenario& scenario) {
  RunMetrics run = load_metrics(dir, compared_workloads(scenario));
  if (run.scenario != scenario.name) {
    throw TraceError(dir.string() + "/summary.json: recorded for scenario '" + run.scenario + "', not '" + scenario.name +
                     "'");
  }
  return run;
}

/// The seeds asked for, else the scenario's; 2..4 runs get at least the seeds their band
/// needs to reach alpha, more runs the seeds at which two runs beyond every seed reject.
int seeds_for(const CrosscheckRequest& request, const Tolerances& tolerances, std::size_t runs) {
  if (request.seeds) return *request.seeds;
  if (runs < 2) return tolerances.seeds;
  if (runs >= kMinRunsForTest) return std::max(tolerances.seeds, seeds_for_tails(runs, tolerances.alpha));
  return std::max(tolerances.seeds, seeds_for_band(runs, tolerances.alpha));
}

}  // namespace

CrosscheckOutcome run_crosscheck(CrosscheckRequest request, const std::function<void(int, int)>& progress) {
  if (request.trace_dirs.empty()) throw std::invalid_argument("crosscheck: no trace directory");
  sim::Scenario& scenario = request.scenario;
  Tolerances tolerances = tolerances_for(scenario);
  std::vector<RunMetrics> measured;
  std::vector<std::string> labels;
  for (const auto& dir : request.trace_dirs) {
    measured.push_back(load_run(dir, scenario));
    labels.push_back(dir.string());
  }
  require_one_case(measured, labels);
  tolerances.seeds = seeds_for(request, tolerances, measured.size());
  std::vector<std::string> notes;
  // require_one_case has checked that every run has the same realvm.engine.
  if (auto note = model_recorded_engine(scenario, request.trace_dirs.front())) notes.push_back(*note);
  if (measured.front().sampled_by_guest_timer && scenario.run.sampling == sim::Sampling::Observer) {
    scenario.run.sampling = sim::Sampling::GuestTimer;
    notes.push_back("The trace's guest sampled its clock from a guest timer, so the prediction does too "
                    "(run.sampling: guest_timer in place of the scenario's observer).");
  }
  const Prediction prediction = predict(scenario, tolerances.seeds, progress);
  CrosscheckOutcome outcome{measured.size() == 1 ? judge(measured.front(), prediction.runs, tolerances)
                                                 : judge_runs(measured, labels, prediction.runs, tolerances),
                            false, {}};
  outcome.verdict.runs = labels;
  outcome.verdict.notes.insert(outcome.verdict.notes.begin(), notes.begin(), notes.end());
  if (request.plot) {
    const auto plot = plot_overlay(request.out_dir, request.trace_dirs, prediction.first, outcome.verdict);
    outcome.plotted = plot.ok;
    outcome.plot_message = plot.message;
  }
  write_report(request.out_dir, render_markdown(outcome.verdict, labels.front(), outcome.plotted));
  write_json_report(request.out_dir, outcome.verdict);
  return outcome;
}

}  // namespace vtick::crosscheck
