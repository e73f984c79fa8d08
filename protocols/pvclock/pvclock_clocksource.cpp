#include "protocols/pvclock/pvclock_clocksource.hpp"

namespace vtick::protocols::pvclock {

// The host believes its TSC runs at the nominal rate (its tsc_khz); the crystal's error is
// what the guest inherits between updates.
PvclockHost::PvclockHost(sim::Simulation& sim, const TscModel& tsc, sim::TimeNs update_interval_ns)
    : sim_(sim), tsc_(tsc), interval_ns_(update_interval_ns), source_(tsc, tsc.nominal_hz) {
  source_.update(sim_.now());
  sim_.after(interval_ns_, sim::EventPriority::HostTimerInterrupt, *this);
}

void PvclockHost::on_event(std::uint32_t, std::uint64_t) {
  source_.update(sim_.now());
  sim_.after(interval_ns_, sim::EventPriority::HostTimerInterrupt, *this);
}

void PvclockHost::summarize(nlohmann::ordered_json& section) const {
  section["pvclock"] = {{"updates", source_.updates()},
                        {"update_interval_ns", interval_ns_},
                        {"error_bound_ns", error_bound_ns(tsc_, tsc_.nominal_hz, interval_ns_)},
                        {"tsc_to_system_mul", source_.page().tsc_to_system_mul},
                        {"tsc_shift", source_.page().tsc_shift}};
}

}  // namespace vtick::protocols::pvclock
