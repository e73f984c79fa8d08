#include "protocols/scheme.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string_view>

#include "protocols/emulation/policies.hpp"
#include "protocols/ntp/ntp_discipline.hpp"
#include "protocols/outsourcing/outsourcing_host.hpp"
#include "protocols/pvclock/pvclock_clocksource.hpp"
#include "protocols/tsc/tsc_clocksource.hpp"
#include "sim/join.hpp"

namespace vtick::protocols {
namespace {

/// A scheme name is "+"-joined parts: the clock ("emulation" alone means the tick-counting
/// guest), "outsourcing" for outsourced timers, "ntp" for an NTP client.
struct ClockScheme {
  std::string_view name;
  sim::Clocksource clocksource;
};
constexpr std::array kClockSchemes{ClockScheme{"emulation", sim::Clocksource::Jiffies},
                                   ClockScheme{"tsc", sim::Clocksource::Tsc},
                                   ClockScheme{"pvclock", sim::Clocksource::Pvclock}};
constexpr std::string_view kOutsourcing = "outsourcing";
constexpr std::string_view kNtp = "ntp";

void add_clocksource(SchemeParts& parts, const sim::Scenario& scenario, SchemeEnv env) {
  switch (scenario.guest.clocksource) {
    case sim::Clocksource::Jiffies: return;
    case sim::Clocksource::Tsc:
      parts.clocksource = std::make_unique<tsc::TscClocksource>(env.tsc, scenario.guest.tsc_calibration_ppm);
      return;
    case sim::Clocksource::Pvclock: {
      auto host = std::make_unique<pvclock::PvclockHost>(env.sim, env.tsc, scenario.vmm.pvclock_update_interval_ns);
      parts.clocksource = std::make_unique<pvclock::PvclockClocksource>(*host);
      parts.drivers.push_back(std::move(host));
      return;
    }
  }
}

void add_outsourcing(SchemeParts& parts, const sim::Scenario& scenario, SchemeEnv env) {
  auto host = std::make_unique<outsourcing::OutsourcingHost>(env.host, scenario.vmm);
  parts.timers = std::make_unique<outsourcing::OutsourcedTimers>(*host);
  host->use(static_cast<outsourcing::OutsourcedTimers&>(*parts.timers));
  parts.drivers.push_back(std::move(host));
}

std::vector<std::string_view> split_plus(std::string_view name) {
  std::vector<std::string_view> parts;
  for (std::size_t start = 0;;) {
    const std::size_t plus = name.find('+', start);
    parts.push_back(name.substr(start, plus - start));
    if (plus == std::string_view::npos) return parts;
    start = plus + 1;
  }
}

}  // namespace

std::string scheme_name(const sim::Scenario& scenario) {
  const auto clock = std::find_if(kClockSchemes.begin(), kClockSchemes.end(),
                                  [&](const ClockScheme& s) { return s.clocksource == scenario.guest.clocksource; });
  std::string name;
  if (scenario.guest.timers == sim::GuestTimers::Outsourced) {
    name = std::string(kOutsourcing);
    if (clock->clocksource != sim::Clocksource::Jiffies) name += "+" + std::string(clock->name);
  } else {
    name = std::string(clock->name);
  }
  return scenario.ntp ? name + "+" + std::string(kNtp) : name;
}

const std::vector<std::string>& comparable_schemes() {
  static const std::vector<std::string> kSchemes = {
      "emulation",     "tsc",     "pvclock",     "outsourcing",     "outsourcing+pvclock",
      "emulation+ntp", "tsc+ntp", "pvclock+ntp", "outsourcing+ntp", "outsourcing+pvclock+ntp", "outsourcing+tsc",
      "outsourcing+tsc+ntp"};
  return kSchemes;
}

void apply_scheme(sim::Scenario& scenario, const std::string& name) {
  const auto& valid = comparable_schemes();
  if (std::find(valid.begin(), valid.end(), name) == valid.end()) {
    throw std::invalid_argument("unknown scheme '" + name + "' (valid: " + sim::join(valid, ", ") + ")");
  }
  const auto parts = split_plus(name);
  const auto has = [&](std::string_view part) { return std::find(parts.begin(), parts.end(), part) != parts.end(); };
  scenario.guest.clocksource = sim::Clocksource::Jiffies;
  for (const auto& clock : kClockSchemes) {
    if (has(clock.name)) scenario.guest.clocksource = clock.clocksource;
  }
  scenario.guest.timers = has(kOutsourcing) ? sim::GuestTimers::Outsourced : sim::GuestTimers::Tick;
  if (!has(kNtp)) scenario.ntp.reset();
  if (has(kNtp) && !scenario.ntp) scenario.ntp = sim::NtpSpec{};
}

SchemeParts make_scheme(const sim::Scenario& scenario, SchemeEnv env) {
  SchemeParts parts;
  parts.name = scheme_name(scenario);
  parts.policy = emulation::make_lost_tick_policy(scenario.vmm);
  add_clocksource(parts, scenario, env);
  if (scenario.guest.timers == sim::GuestTimers::Outsourced) add_outsourcing(parts, scenario, env);
  return parts;
}

void attach(SchemeParts& parts, const sim::Scenario& scenario, models::guest::GuestKernel& guest,
            models::vmm::VcpuThread& vcpu, SchemeEnv env) {
  for (const auto& driver : parts.drivers) driver->attach(guest, vcpu);
  if (!scenario.ntp) return;
  auto client = std::make_unique<ntp::NtpDiscipline>(env.sim, guest, *scenario.ntp, env.seed);
  guest.set_discipline(client.get());
  parts.drivers.push_back(std::move(client));
}

}  // namespace vtick::protocols
