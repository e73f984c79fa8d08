#include "checker/model_catalog.hpp"

#include <algorithm>
#include <chrono>
#include <sstream>
#include <stdexcept>

#include "checker/graph/backlog_model.hpp"
#include "checker/graph/explorer.hpp"
#include "checker/graph/lasso.hpp"
#include "checker/graph/outsourcing_model.hpp"
#include "checker/graph/pvclock_model.hpp"
#include "checker/smt/bmc.hpp"
#include "checker/smt/bound_search.hpp"
#include "checker/smt/k_induction.hpp"
#include "checker/smt/models.hpp"

namespace vtick::checker {
namespace {

const std::vector<ModelInfo>& catalog() {
  static const std::vector<ModelInfo> kModels = {
      {"pvclock_bound", true, {"interval", "rate_error_ppb", "rounding"}},
      {"discard_drift", true, {"period", "max_deschedule", "window"}},
      {"delay_backlog", true, {"period", "window", "share", "service_per_period"}},
      {"outsourcing_lateness", true, {"slack", "max_deschedule", "injection"}},
      {"ntp_offset", true, {"poll", "jitter", "margin", "drift_ppb", "max_slew_ppb", "step_threshold", "initial_offset"}},
      {"pvclock_reader", false, {"check_version"}},
      {"outsourcing_protocol", false, {"check_generation"}},
      {"lost_tick_backlog", false, {"catchup", "max_backlog", "max_runs", "window", "min_runs", "catchup_factor"}},
  };
  return kModels;
}

smt::TransitionSystem system_of(const Property& p) {
  const std::int64_t bound = *p.claim_max;
  if (p.model == "pvclock_bound") {
    const smt::PvclockParams d;
    return smt::pvclock_bound({p.param("interval", d.interval_ns), p.param("rate_error_ppb", d.rate_error_ppb),
                               p.param("rounding", d.rounding_ns)},
                              bound);
  }
  if (p.model == "discard_drift") {
    const smt::DiscardParams d;
    return smt::discard_drift({p.param("period", d.period_ns), p.param("max_deschedule", d.max_deschedule_ns),
                               p.param("window", d.window_ns)},
                              bound);
  }
  if (p.model == "delay_backlog") {
    const smt::DelayParams d;
    return smt::delay_backlog({p.param("period", d.period_ns), p.param("window", d.window_ns),
                               p.param("share", d.share_ns), p.param("service_per_period", d.service_per_period)},
                              bound);
  }
  if (p.model == "ntp_offset") {
    const smt::NtpParams d;
    return smt::ntp_offset({p.param("poll", d.poll_ns), p.param("jitter", d.jitter_ns), p.param("margin", d.margin_ns),
                            p.param("drift_ppb", d.drift_ppb), p.param("max_slew_ppb", d.max_slew_ppb),
                            p.param("step_threshold", d.step_threshold_ns), p.param("initial_offset", d.initial_offset_ns)},
                           bound);
  }
  const smt::OutsourcingParams d;
  return smt::outsourcing_lateness({p.param("slack", d.slack_ns), p.param("max_deschedule", d.max_deschedule_ns),
                                    p.param("injection", d.injection_ns)},
                                   bound);
}

std::vector<std::string> trace_lines(const smt::Trace& trace) {
  std::vector<std::string> lines;
  for (std::size_t step = 0; step < trace.states.size(); ++step) {
    std::string line = "step " + std::to_string(step) + ":";
    for (std::size_t v = 0; v < trace.vars.size(); ++v) line += " " + trace.vars[v] + "=" + std::to_string(trace.states[step][v]);
    lines.push_back(line);
  }
  return lines;
}

Report report_of(const smt::CheckResult& r) {
  Report report;
  report.method = r.method;
  report.seconds = r.seconds;
  switch (r.verdict) {
    case smt::Verdict::Proved: report.outcome = Outcome::Proved; break;
    case smt::Verdict::Violated:
      report.outcome = Outcome::Violated;
      report.counterexample = trace_lines(r.counterexample);
      for (std::size_t v = 0; v < r.counterexample.vars.size(); ++v) {
        auto& values = report.counterexample_values[r.counterexample.vars[v]];
        for (const auto& state : r.counterexample.states) values.push_back(state[v]);
      }
      break;
    case smt::Verdict::NoViolationUpTo:
      report.reason = "no violation up to depth " + std::to_string(r.depth) + " (bounded: not a proof)";
      break;
    case smt::Verdict::Unknown: report.reason = r.reason; break;
  }
  return report;
}

Report check_symbolic(const Property& p) {
  const smt::Limits limits{static_cast<unsigned>(p.timeout_ms), 0};
  const auto system = system_of(p);
  return report_of(p.method == Method::Bmc ? smt::bmc(system, p.depth, limits) : smt::k_induction(system, p.depth, limits));
}

template <class Model>
Report explicit_report(const graph::ExplorationResult<Model>& r, const CheckOptions& options) {
  Report report;
  report.method = "explicit-state BFS (Boost.Graph)";
  report.seconds = r.seconds;
  report.states = r.states;
  report.transitions = r.transitions;
  report.states_per_second = r.states_per_second;
  if (r.verdict == graph::Verdict::Safe) report.outcome = Outcome::Proved;
  if (r.verdict == graph::Verdict::Truncated) report.reason = "state limit reached";
  if (r.verdict == graph::Verdict::Violated) {
    report.outcome = Outcome::Violated;
    report.reason = r.violation;
    for (std::size_t i = 0; i < r.counterexample.size(); ++i) {
      report.counterexample.push_back("step " + std::to_string(i + 1) + ": " + r.counterexample[i]);
    }
  }
  if (options.want_dot) {
    std::ostringstream dot;
    r.write_dot(dot);
    report.dot = dot.str();
  }
  return report;
}

Report check_lost_tick_backlog(const Property& p, const CheckOptions& options) {
  const graph::BacklogBounds d;
  const auto narrow = [&p](const char* key, int fallback) {
    const std::int64_t v = p.param(key, fallback);
    if (v < 0 || v > graph::kMaxBacklogCount) {
      throw std::invalid_argument(p.file + ": parameters." + key + ": must be in 0.." +
                                  std::to_string(graph::kMaxBacklogCount));
    }
    return static_cast<int>(v);
  };
  const graph::BacklogBounds bounds{narrow("max_backlog", d.max_backlog), narrow("max_runs", d.max_runs),
                                    narrow("window", d.window), narrow("min_runs", d.min_runs),
                                    narrow("catchup_factor", d.catchup_factor)};
  const auto policy = p.param("catchup", 0) != 0 ? graph::BacklogPolicy::Catchup : graph::BacklogPolicy::Delay;
  return explicit_report(graph::explore(graph::BacklogModel(policy, bounds)), options);
}

Report check_pvclock_reader(const Property& p, const CheckOptions& options) {
  return explicit_report(graph::explore(graph::PvclockModel(p.param("check_version", 1) != 0)), options);
}

// Safety (no stale, doubled or early callback) by BFS, then liveness - every armed timer
// eventually fires or is deleted - by lasso detection on the complete graph.
Report check_outsourcing_protocol(const Property& p, const CheckOptions& options) {
  const auto r = graph::explore(graph::OutsourcingModel(p.param("check_generation", 1) != 0));
  Report report = explicit_report(r, options);
  if (report.outcome != Outcome::Proved) return report;
  const auto started = std::chrono::steady_clock::now();
  const auto lasso = graph::find_lasso(r, graph::OutsourcingModel::armed_but_unserved);
  report.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  report.method += " + liveness by lasso (strong_components)";
  if (!lasso) return report;
  report.outcome = Outcome::Violated;
  report.reason = "an armed timer is never served (lasso)";
  for (const auto& step : lasso->prefix) report.counterexample.push_back("prefix: " + step);
  for (const auto& step : lasso->cycle) report.counterexample.push_back("cycle:  " + step);
  return report;
}

}  // namespace

const ModelInfo* find_model(const std::string& name) {
  const auto& models = catalog();
  const auto it = std::find_if(models.begin(), models.end(), [&](const ModelInfo& m) { return m.name == name; });
  return it == models.end() ? nullptr : &*it;
}

std::string model_names() {
  std::string names;
  for (const auto& m : catalog()) names += (names.empty() ? "" : ", ") + m.name;
  return names;
}

Report check(const Property& p, const CheckOptions& options) {
  if (find_model(p.model)->symbolic) return check_symbolic(p);
  if (p.model == "pvclock_reader") return check_pvclock_reader(p, options);
  if (p.model == "lost_tick_backlog") return check_lost_tick_backlog(p, options);
  return check_outsourcing_protocol(p, options);
}

BoundReport tightest_bound(const Property& p, std::int64_t lo, std::int64_t hi) {
  if (!find_model(p.model)->symbolic) throw std::invalid_argument(p.file + ": model: " + p.model + " checks safety; it has no bound");
  const smt::Limits limits{static_cast<unsigned>(p.timeout_ms), 0};
  const auto family = [&p](std::int64_t bound) {
    Property at = p;
    at.claim_max = bound;
    return system_of(at);
  };
  const auto r = smt::bound_search(family, lo, hi, p.depth, limits);
  BoundReport report{Outcome::Unknown, r.bound, report_of(r.proof), report_of(r.below), r.seconds};
  if (r.verdict == smt::Verdict::Proved) report.outcome = Outcome::Proved;
  if (r.verdict == smt::Verdict::Violated) report.outcome = Outcome::Violated;
  return report;
}

}  // namespace vtick::checker
