#include "calibration/vmm_demand.hpp"

#include <cmath>
#include <stdexcept>

namespace vtick::calibration {
namespace {

double rate_ns_per_s(const DemandRun& run, const std::string& role) {
  const auto it = run.cpu_ns.find(role);
  const double cpu = it == run.cpu_ns.end() ? 0.0 : static_cast<double>(it->second);
  return cpu * 1e9 / static_cast<double>(run.window_ns);
}

}  // namespace

ThreadDemand thread_demand(const DemandRun& lo, const DemandRun& hi, const std::string& role) {
  if (!(lo.ticks_per_s < hi.ticks_per_s)) throw std::invalid_argument("the two runs need different tick rates, low first");
  if (lo.window_ns <= 0 || hi.window_ns <= 0) throw std::invalid_argument("a run's window must be positive");
  const double r_lo = rate_ns_per_s(lo, role);
  const double r_hi = rate_ns_per_s(hi, role);
  ThreadDemand d;
  const double per_tick = (r_hi - r_lo) / (hi.ticks_per_s - lo.ticks_per_s);
  d.per_tick_floored = per_tick < 0;
  d.per_tick_ns = d.per_tick_floored ? 0 : std::llround(per_tick);
  const double rest = r_lo - lo.ticks_per_s * (d.per_tick_floored ? 0.0 : per_tick);
  d.rest_floored = rest < 0;
  d.rest_ns_per_s = d.rest_floored ? 0 : std::llround(rest);
  return d;
}

std::map<std::string, RoleDemand> demand_by_role(const std::vector<std::pair<DemandRun, DemandRun>>& pairs) {
  std::map<std::string, RoleDemand> out;
  for (const auto& [lo, hi] : pairs) {
    std::map<std::string, bool> roles;
    for (const auto& [role, cpu] : lo.cpu_ns) roles[role] = true;
    for (const auto& [role, cpu] : hi.cpu_ns) roles[role] = true;
    for (const auto& [role, unused] : roles) {
      const ThreadDemand d = thread_demand(lo, hi, role);
      RoleDemand& r = out[role];
      r.per_tick_ns.push_back(d.per_tick_ns);
      r.rest_ns_per_s.push_back(d.rest_ns_per_s);
      r.floored += (d.per_tick_floored ? 1 : 0) + (d.rest_floored ? 1 : 0);
    }
  }
  return out;
}

DemandFigure median_demand(const RoleDemand& demand) {
  return DemandFigure{summarize(demand.per_tick_ns).p50, summarize(demand.rest_ns_per_s).p50};
}

double rest_share(std::int64_t rest_ns_per_s) {
  return static_cast<double>(std::llround(static_cast<double>(rest_ns_per_s) / 1000.0)) / 1e6;
}

}  // namespace vtick::calibration
