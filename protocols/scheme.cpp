#include "protocols/scheme.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string_view>

#include "protocols/emulation/policies.hpp"
#include "protocols/ntp/ntp_discipline.hpp"
#include "protocols/tsc/tsc_clocksource.hpp"

namespace vtick::protocols {
namespace {

/// A scheme's name for each guest clocksource; "+ntp" may follow any of them.
struct ClockScheme {
  std::string_view name;
  sim::Clocksource clocksource;
};
constexpr std::array kClockSchemes{ClockScheme{"emulation", sim::Clocksource::Jiffies},
                                   ClockScheme{"tsc", sim::Clocksource::Tsc},
                                   ClockScheme{"pvclock", sim::Clocksource::Pvclock}};
constexpr std::string_view kNtpSuffix = "+ntp";

std::unique_ptr<models::guest::Clocksource> make_clocksource(const sim::Scenario& scenario, SchemeEnv env) {
  switch (scenario.guest.clocksource) {
    case sim::Clocksource::Jiffies: return nullptr;
    case sim::Clocksource::Tsc:
      return std::make_unique<tsc::TscClocksource>(env.tsc, scenario.guest.tsc_calibration_ppm);
    case sim::Clocksource::Pvclock: break;
  }
  throw std::invalid_argument(scenario.file + ": guest.clocksource: pvclock is not part of this build yet");
}

std::string joined(const std::vector<std::string>& names) {
  std::string list;
  for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
  return list;
}

}  // namespace

std::string scheme_name(const sim::Scenario& scenario) {
  const auto it = std::find_if(kClockSchemes.begin(), kClockSchemes.end(),
                               [&](const ClockScheme& s) { return s.clocksource == scenario.guest.clocksource; });
  return std::string(it->name) + (scenario.ntp ? std::string(kNtpSuffix) : "");
}

const std::vector<std::string>& comparable_schemes() {
  static const std::vector<std::string> kSchemes = {"emulation", "tsc", "emulation+ntp", "tsc+ntp"};
  return kSchemes;
}

void apply_scheme(sim::Scenario& scenario, const std::string& name) {
  const auto& valid = comparable_schemes();
  if (std::find(valid.begin(), valid.end(), name) == valid.end()) {
    throw std::invalid_argument("unknown scheme '" + name + "' (valid: " + joined(valid) + ")");
  }
  const bool with_ntp = name.ends_with(kNtpSuffix);
  const std::string_view base = std::string_view(name).substr(0, name.size() - (with_ntp ? kNtpSuffix.size() : 0));
  const auto it = std::find_if(kClockSchemes.begin(), kClockSchemes.end(),
                               [&](const ClockScheme& s) { return s.name == base; });
  scenario.guest.clocksource = it->clocksource;
  if (it->clocksource != sim::Clocksource::Tsc) scenario.guest.tsc_calibration_ppm = 0.0;
  if (!with_ntp) scenario.ntp.reset();
  if (with_ntp && !scenario.ntp) scenario.ntp = sim::NtpSpec{};
}

SchemeParts make_scheme(const sim::Scenario& scenario, SchemeEnv env) {
  SchemeParts parts;
  parts.name = scheme_name(scenario);
  parts.policy = emulation::make_lost_tick_policy(scenario.vmm);
  parts.clocksource = make_clocksource(scenario, env);
  return parts;
}

void attach_to_guest(SchemeParts& parts, const sim::Scenario& scenario, models::guest::GuestKernel& guest,
                     SchemeEnv env) {
  if (!scenario.ntp) return;
  auto client = std::make_unique<ntp::NtpDiscipline>(env.sim, guest, *scenario.ntp, env.seed);
  guest.set_discipline(client.get());
  parts.drivers.push_back(std::move(client));
}

}  // namespace vtick::protocols
