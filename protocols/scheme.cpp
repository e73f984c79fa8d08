#include "protocols/scheme.hpp"

#include <stdexcept>

#include "protocols/emulation/policies.hpp"
#include "protocols/tsc/tsc_clocksource.hpp"

namespace vtick::protocols {
namespace {

std::unique_ptr<models::guest::Clocksource> make_clocksource(const sim::Scenario& scenario, SchemeEnv env) {
  switch (scenario.guest.clocksource) {
    case sim::Clocksource::Jiffies: return nullptr;
    case sim::Clocksource::Tsc:
      return std::make_unique<tsc::TscClocksource>(env.tsc, scenario.guest.tsc_calibration_ppm);
    case sim::Clocksource::Pvclock: break;
  }
  throw std::invalid_argument(scenario.file + ": guest.clocksource: pvclock is not part of this build yet");
}

}  // namespace

std::string scheme_name(const sim::Scenario& scenario) {
  std::string name;
  switch (scenario.guest.clocksource) {
    case sim::Clocksource::Jiffies: name = "emulation"; break;
    case sim::Clocksource::Tsc: name = "tsc"; break;
    case sim::Clocksource::Pvclock: name = "pvclock"; break;
  }
  return scenario.ntp ? name + "+ntp" : name;
}

SchemeParts make_scheme(const sim::Scenario& scenario, SchemeEnv env) {
  SchemeParts parts;
  parts.name = scheme_name(scenario);
  parts.policy = emulation::make_lost_tick_policy(scenario.vmm);
  parts.clocksource = make_clocksource(scenario, env);
  return parts;
}

void attach_to_guest(SchemeParts& parts, const sim::Scenario& scenario, models::guest::GuestKernel& guest,
                     SchemeEnv /*env*/) {
  if (scenario.ntp) throw std::invalid_argument(scenario.file + ": ntp: the NTP client is not part of this build yet");
  guest.set_discipline(parts.discipline.get());
}

}  // namespace vtick::protocols
