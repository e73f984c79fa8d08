#include "bench/bench_scenarios.hpp"

#include <optional>

namespace vtick::bench {
namespace {

sim::Scenario loaded_host(sim::TimeNs duration_ns) {
  sim::Scenario s;
  s.name = "bench-loaded-host";
  s.description = "vtick_bench: 2 CPUs, 4 cpu hogs, PIT discard, HZ 1000, 10 ms periodic timer";
  s.host.cpus = 2;
  sim::LoadTaskSpec hog;
  hog.name = "hog";
  hog.kind = sim::LoadKind::CpuHog;
  hog.count = 4;
  hog.nice = 0;
  s.load.push_back(hog);
  s.vmm.timer_device = sim::TimerDevice::Pit;
  s.vmm.lost_tick_policy = sim::LostTickPolicyKind::Discard;
  s.guest.hz = 1000;
  sim::WorkloadSpec cyclic;
  cyclic.name = "cyclic";
  cyclic.kind = sim::WorkloadKind::PeriodicTimer;
  cyclic.period_ns = 10 * sim::kNsPerMs;
  s.guest.workloads.push_back(cyclic);
  s.run.duration_ns = duration_ns;
  s.run.seed = 1;
  s.run.trace_max_events = 1000;
  return s;
}

/// The busy-guest variant, only if WorkloadKind has `Busy` (being added concurrently); the
/// requires-expression keeps this file compiling either way.
template <typename Kind>
std::optional<sim::Scenario> busy_guest(sim::TimeNs duration_ns) {
  if constexpr (requires { Kind::Busy; }) {
    sim::Scenario s = loaded_host(duration_ns);
    s.name = "bench-loaded-host-busy-guest";
    sim::WorkloadSpec busy;
    busy.name = "busy";
    busy.kind = Kind::Busy;
    s.guest.workloads.push_back(busy);
    return s;
  } else {
    return std::nullopt;
  }
}

}  // namespace

std::vector<NamedScenario> bench_scenarios(sim::TimeNs duration_ns) {
  std::vector<NamedScenario> out;
  out.push_back({"periodic", loaded_host(duration_ns)});
  if (auto busy = busy_guest<sim::WorkloadKind>(duration_ns)) out.push_back({"busy guest", *busy});
  return out;
}

}  // namespace vtick::bench
