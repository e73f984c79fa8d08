#pragma once
// The one interface through which timer schemes plug into a run. The runner asks for a
// scheme's parts and wires them in; it never names a concrete scheme. A scheme is the
// scenario's combination of guest clocksource (jiffies | tsc | pvclock), guest timers
// (tick), lost-tick policy (emulated device) and optional NTP.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/guest/clocksource.hpp"
#include "models/guest/guest_kernel.hpp"
#include "models/host/tsc.hpp"
#include "models/vmm/lost_tick_policy.hpp"
#include "models/vmm/vcpu_thread.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"

namespace vtick::protocols {

/// A scheme component with a life of its own in the run (a page updater, an NTP poller, a
/// host timer module), kept by the runner until the run ends.
class Driver {
 public:
  virtual ~Driver() = default;
  /// Adds this component's counters to summary.json's "scheme_details" section.
  virtual void summarize(nlohmann::ordered_json& section) const = 0;
  /// Connects it to the guest and its vCPU once both exist.
  virtual void attach(models::guest::GuestKernel& /*guest*/, models::vmm::VcpuThread& /*vcpu*/) {}
};

struct SchemeEnv {
  sim::Simulation& sim;
  models::host::HostKernel& host;
  const models::host::TscModel& tsc;
  std::uint64_t seed;
};

struct SchemeParts {
  /// e.g. "emulation", "tsc", "pvclock", "pvclock+ntp".
  std::string name;
  std::unique_ptr<models::vmm::LostTickPolicy> policy;
  /// Null for the tick-counting guest.
  std::unique_ptr<models::guest::Clocksource> clocksource;
  /// Null: the guest's own tick-driven timer wheel.
  std::unique_ptr<models::guest::TimerBackend> timers;
  /// Updaters and services; the NTP client is also the guest's clock discipline.
  std::vector<std::unique_ptr<Driver>> drivers;
};

/// The parts a scenario asks for, before the guest exists (the guest needs the clocksource).
SchemeParts make_scheme(const sim::Scenario& scenario, SchemeEnv env);

/// Connects what needs the guest and its vCPU (NTP reads the raw clock; outsourced timer
/// events are an interrupt source of the vCPU) and installs the clock discipline.
void attach(SchemeParts& parts, const sim::Scenario& scenario, models::guest::GuestKernel& guest,
            models::vmm::VcpuThread& vcpu, SchemeEnv env);

/// The scheme name a scenario's guest section selects (for outputs and `vtick compare`).
std::string scheme_name(const sim::Scenario& scenario);

/// Every scheme `vtick compare` can run, in display order.
const std::vector<std::string>& comparable_schemes();

/// Rewrites the scenario's guest clocksource (and NTP) so it runs scheme `name`: the host,
/// load, VMM and workloads stay as they are. An unknown name is std::invalid_argument
/// listing the valid ones. "+ntp" keeps the scenario's ntp section or uses the defaults.
void apply_scheme(sim::Scenario& scenario, const std::string& name);

}  // namespace vtick::protocols
