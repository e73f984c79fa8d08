#pragma once
// The NTP client inside a simulated guest: polls at the client's schedule (true time) and
// disciplines the guest kernel's wall clock. Its polls read the guest's raw clock; a read
// at the receive instant, one round trip ahead, extrapolates the current reading at the
// nominal rate (the simulation cannot know ticks that have not arrived yet) - an error of
// at most the clock's drift over ~40 ms.
#include "models/guest/guest_kernel.hpp"
#include "protocols/ntp/ntp_client.hpp"
#include "protocols/scheme.hpp"

namespace vtick::protocols::ntp {

NtpParams params_of(const sim::NtpSpec& spec);

class NtpDiscipline final : public Driver, public sim::EventHandler, public models::guest::ClockDiscipline {
 public:
  NtpDiscipline(sim::Simulation& sim, const models::guest::GuestKernel& guest, const sim::NtpSpec& spec,
                std::uint64_t seed);

  [[nodiscard]] TimeNs disciplined(TimeNs raw_ns) const override { return client_.disciplined(raw_ns); }
  void on_event(std::uint32_t kind, std::uint64_t arg) override;
  void summarize(nlohmann::ordered_json& section) const override;

 private:
  [[nodiscard]] TimeNs raw_at(TimeNs true_ns) const;

  sim::Simulation& sim_;
  const models::guest::GuestKernel& guest_;
  NtpClient client_;
};

}  // namespace vtick::protocols::ntp
