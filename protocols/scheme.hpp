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
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"

namespace vtick::protocols {

/// A scheme component that lives on the event queue (a page updater, an NTP poller).
class Driver : public sim::EventHandler {
 public:
  virtual ~Driver() = default;
  /// Adds this component's counters to summary.json's "scheme" section.
  virtual void summarize(nlohmann::ordered_json& section) const = 0;
};

struct SchemeEnv {
  sim::Simulation& sim;
  const models::host::Tsc& tsc;
  std::uint64_t seed;
};

struct SchemeParts {
  /// e.g. "emulation", "tsc", "pvclock", "pvclock+ntp".
  std::string name;
  std::unique_ptr<models::vmm::LostTickPolicy> policy;
  /// Null for the tick-counting guest.
  std::unique_ptr<models::guest::Clocksource> clocksource;
  /// Updaters and services; the NTP client is also the guest's clock discipline.
  std::vector<std::unique_ptr<Driver>> drivers;
};

/// The parts a scenario asks for, before the guest exists (the guest needs the clocksource).
SchemeParts make_scheme(const sim::Scenario& scenario, SchemeEnv env);

/// Connects what needs the guest (NTP reads its raw clock) and installs the discipline.
void attach_to_guest(SchemeParts& parts, const sim::Scenario& scenario, models::guest::GuestKernel& guest,
                     SchemeEnv env);

/// The scheme name a scenario's guest section selects (for outputs and `vtick compare`).
std::string scheme_name(const sim::Scenario& scenario);

/// Every scheme `vtick compare` can run, in display order.
const std::vector<std::string>& comparable_schemes();

/// Rewrites the scenario's guest clocksource (and NTP) so it runs scheme `name`: the host,
/// load, VMM and workloads stay as they are. An unknown name is std::invalid_argument
/// listing the valid ones. "+ntp" keeps the scenario's ntp section or uses the defaults.
void apply_scheme(sim::Scenario& scenario, const std::string& name);

}  // namespace vtick::protocols
