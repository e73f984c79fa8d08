#include "checker/model_catalog.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include "checker/graph/explorer.hpp"
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
      {"pvclock_reader", false, {"check_version"}},
      {"outsourcing_protocol", false, {"check_generation"}},
  };
  return kModels;
}

std::int64_t param(const Property& p, const std::string& key, std::int64_t fallback) {
  const auto it = p.params.find(key);
  return it == p.params.end() ? fallback : it->second;
}

smt::TransitionSystem system_of(const Property& p) {
  const std::int64_t bound = *p.claim_max;
  if (p.model == "pvclock_bound") {
    const smt::PvclockParams d;
    return smt::pvclock_bound({param(p, "interval", d.interval_ns), param(p, "rate_error_ppb", d.rate_error_ppb),
                               param(p, "rounding", d.rounding_ns)},
                              bound);
  }
  if (p.model == "discard_drift") {
    const smt::DiscardParams d;
    return smt::discard_drift({param(p, "period", d.period_ns), param(p, "max_deschedule", d.max_deschedule_ns),
                               param(p, "window", d.window_ns)},
                              bound);
  }
  if (p.model == "delay_backlog") {
    const smt::DelayParams d;
    return smt::delay_backlog({param(p, "period", d.period_ns), param(p, "window", d.window_ns),
                               param(p, "share", d.share_ns), param(p, "service_per_period", d.service_per_period)},
                              bound);
  }
  const smt::OutsourcingParams d;
  return smt::outsourcing_lateness({param(p, "slack", d.slack_ns), param(p, "max_deschedule", d.max_deschedule_ns),
                                    param(p, "injection", d.injection_ns)},
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
        for (const auto& state : r.counterexample.states) {
          auto& top = report.counterexample_max[r.counterexample.vars[v]];
          top = std::max(top, state[v]);
        }
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
Report check_explicit(const Model& model) {
  const auto r = graph::explore(model);
  Report report;
  report.method = "explicit-state BFS (Boost.Graph)";
  report.seconds = r.seconds;
  report.states = r.states;
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

Report check(const Property& p) {
  if (find_model(p.model)->symbolic) return check_symbolic(p);
  if (p.model == "pvclock_reader") return check_explicit(graph::PvclockModel(param(p, "check_version", 1) != 0));
  return check_explicit(graph::OutsourcingModel(param(p, "check_generation", 1) != 0));
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

// discard_drift: the adversary took the VMM thread off the CPU for `burst` ns in every
// window. A SCHED_FIFO duty task on the VMM's only CPU does exactly that. Its phase keeps
// the blackouts off the period grid, so by docs/emulation.md's closed form each one loses
// floor((a + burst) / T) - floor(a / T) - 1 >= 1 ticks when burst >= T: the lag passes the
// claimed bound within bound + 1 windows, and the run lasts four times that.
std::string counterexample_scenario(const Property& p, const Report& report) {
  if (p.model != "discard_drift" || report.outcome != Outcome::Violated) return "";
  const smt::DiscardParams d;
  const std::int64_t period = param(p, "period", d.period_ns);
  const std::int64_t window = param(p, "window", d.window_ns);
  const std::int64_t burst = report.counterexample_max.at("burst");
  const std::int64_t hz = 1'000'000'000 / period;
  const std::int64_t windows = 4 * (*p.claim_max + 1);
  const auto ns = [](std::int64_t v) { return std::to_string(v) + "ns"; };
  return "name: " + p.name + "-counterexample\n"
         "description: >\n"
         "  Generated by vtick prove from " + p.file + ": the counterexample deschedules the VMM\n"
         "  thread for " + ns(burst) + " in every " + ns(window) + " window; here a SCHED_FIFO task on\n"
         "  the VMM's only CPU does so. The claim (lag <= " + std::to_string(*p.claim_max) + " ticks) is the\n"
         "  expectation, so vtick run fails exactly as the proof did.\n"
         "host: {cpus: 1}\n"
         "load:\n"
         "  - {name: adversary, kind: duty, policy: fifo, rt_priority: 50, run: " + ns(burst) + ", period: " +
         ns(window) + ", phase: " + ns(period / 4 + 1) + "}\n"
         "vmm: {timer_device: pit, lost_tick_policy: discard}\n"
         "guest: {hz: " + std::to_string(hz) + "}\n"
         "run: {duration: " + ns(windows * window) + ", seed: 1}\n"
         "expect:\n"
         "  ticks.lost: {max: " + std::to_string(*p.claim_max) + "}\n";
}

}  // namespace vtick::checker
