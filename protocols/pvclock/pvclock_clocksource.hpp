#pragma once
// clocksource=pvclock in the simulation. The host refreshes the page every
// vmm.pvclock_update_interval from the host kernel (as KVM's kvm_guest_time_update does:
// no VMM thread has to be scheduled), and the guest's clocksource reads it with the real
// mul/shift arithmetic. Late or lost ticks no longer lose time; the residual error is the
// TSC's rate error over an update interval, plus rounding (error_bound_ns).
#include "models/guest/clocksource.hpp"
#include "protocols/pvclock/pvclock_clock.hpp"
#include "protocols/scheme.hpp"

namespace vtick::protocols::pvclock {

/// The host side: owns the page and refreshes it.
class PvclockHost final : public Driver, public sim::EventHandler {
 public:
  PvclockHost(sim::Simulation& sim, const TscModel& tsc, sim::TimeNs update_interval_ns);

  void on_event(std::uint32_t kind, std::uint64_t arg) override;
  void summarize(nlohmann::ordered_json& section) const override;
  [[nodiscard]] const PvclockSource& source() const { return source_; }

 private:
  sim::Simulation& sim_;
  TscModel tsc_;
  sim::TimeNs interval_ns_;
  PvclockSource source_;
};

/// The guest side: reads the page.
class PvclockClocksource final : public models::guest::Clocksource {
 public:
  explicit PvclockClocksource(const PvclockHost& host) : host_(host) {}
  [[nodiscard]] sim::TimeNs read(sim::TimeNs host_ns) const override { return host_.source().guest_ns(host_ns); }

 private:
  const PvclockHost& host_;
};

}  // namespace vtick::protocols::pvclock
