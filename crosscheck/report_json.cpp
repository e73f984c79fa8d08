#include "crosscheck/report_json.hpp"

#include <fstream>
#include <stdexcept>
#include <vector>

namespace vtick::crosscheck {
namespace {

using nlohmann::ordered_json;

ordered_json one_run_metric(const MetricVerdict& m) {
  return {{"name", m.name}, {"unit", m.unit}, {"measured", ordered_json::array({m.measured})},
          {"rule", "tolerance"}, {"predicted_mean", m.mean}, {"predicted_sd", m.sd}, {"predicted_min", m.min},
          {"predicted_max", m.max}, {"allowed", m.allowed}, {"conforms", m.conforms}};
}

/// Runs are numbered from 1 here, as in the markdown report and the text output.
std::vector<std::size_t> run_numbers(const std::vector<std::size_t>& runs) {
  std::vector<std::size_t> numbers;
  for (std::size_t r : runs) numbers.push_back(r + 1);
  return numbers;
}

ordered_json runs_metric(const RunsMetricVerdict& m) {
  ordered_json j{{"name", m.name}, {"unit", m.unit}, {"measured", m.measured},
                 {"rule", m.rule == RunsRule::Band ? "band" : "ks_over_runs"},
                 {"predicted_median", m.predicted_median}, {"floor", m.floor}, {"rank", m.rank},
                 {"q_lo", m.q_lo}, {"q_hi", m.q_hi}, {"band_lo", m.band_lo}, {"band_hi", m.band_hi},
                 {"per_run_level", m.per_run_level}, {"family_level", m.family_level},
                 {"runs_outside", run_numbers(m.outside)}, {"ks", nullptr}, {"alpha", m.alpha}, {"conforms", m.conforms}};
  if (m.ks) {
    j["ks"] = {{"statistic", m.ks->statistic}, {"p_value", m.ks->p_value}};
    j["beyond_seeds"] = {{"runs", m.beyond_seeds}, {"p_value", *m.beyond_seeds_p}};
  }
  return j;
}

ordered_json lateness(const KsVerdict& k) {
  return {{"run", k.run + 1}, {"workload", k.workload}, {"statistic", k.ks.statistic}, {"p_value", k.ks.p_value},
          {"measured_thinned", k.ks.n_a}, {"simulated_thinned", k.ks.n_b}, {"alpha", k.alpha}, {"conforms", k.conforms}};
}

}  // namespace

ordered_json verdict_json(const Verdict& verdict) {
  ordered_json metrics = ordered_json::array();
  for (const auto& m : verdict.metrics) metrics.push_back(one_run_metric(m));
  for (const auto& m : verdict.runs_metrics) metrics.push_back(runs_metric(m));
  ordered_json distributions = ordered_json::array();
  for (const auto& k : verdict.ks) distributions.push_back(lateness(k));
  return {{"scenario", verdict.scenario}, {"seeds", verdict.seeds}, {"runs", verdict.runs},
          {"verdict", verdict.conforms() ? "CONFORMS" : "DIVERGES"}, {"metrics", metrics},
          {"lateness", distributions}, {"notes", verdict.notes}};
}

void write_json_report(const std::filesystem::path& out_dir, const Verdict& verdict) {
  std::ofstream out(out_dir / "crosscheck.json", std::ios::binary);
  out << verdict_json(verdict).dump(2) << '\n';
  if (!out) throw std::runtime_error("cannot write " + (out_dir / "crosscheck.json").string());
}

}  // namespace vtick::crosscheck
