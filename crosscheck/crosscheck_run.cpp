#include "crosscheck/crosscheck_run.hpp"

#include "crosscheck/metrics.hpp"
#include "crosscheck/recorded_engine.hpp"
#include "crosscheck/report.hpp"
#include "crosscheck/tolerance.hpp"

namespace vtick::crosscheck {

CrosscheckOutcome run_crosscheck(CrosscheckRequest request, const std::function<void(int, int)>& progress) {
  sim::Scenario& scenario = request.scenario;
  Tolerances tolerances = tolerances_for(scenario);
  if (request.seeds) tolerances.seeds = *request.seeds;
  const RunMetrics measured = load_metrics(request.trace_dir, compared_workloads(scenario));
  if (measured.scenario != scenario.name) {
    throw TraceError(request.trace_dir.string() + "/summary.json: recorded for scenario '" + measured.scenario +
                     "', not '" + scenario.name + "'");
  }
  std::vector<std::string> notes;
  if (auto note = model_recorded_engine(scenario, request.trace_dir)) notes.push_back(*note);
  if (measured.sampled_by_guest_timer && scenario.run.sampling == sim::Sampling::Observer) {
    scenario.run.sampling = sim::Sampling::GuestTimer;
    notes.push_back("The trace's guest sampled its clock from a guest timer, so the prediction does too "
                    "(run.sampling: guest_timer in place of the scenario's observer).");
  }
  const Prediction prediction = predict(scenario, tolerances.seeds, progress);
  CrosscheckOutcome outcome{judge(measured, prediction.runs, tolerances), false, {}};
  outcome.verdict.notes.insert(outcome.verdict.notes.begin(), notes.begin(), notes.end());
  if (request.plot) {
    const auto plot = plot_overlay(request.out_dir, request.trace_dir, prediction.first, outcome.verdict);
    outcome.plotted = plot.ok;
    outcome.plot_message = plot.message;
  }
  write_report(request.out_dir,
               render_markdown(outcome.verdict, request.trace_dir.string(), outcome.plotted));
  return outcome;
}

}  // namespace vtick::crosscheck
