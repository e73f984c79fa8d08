#include "protocols/ntp/ntp_discipline.hpp"

#include <algorithm>

namespace vtick::protocols::ntp {

NtpParams params_of(const sim::NtpSpec& spec) {
  return NtpParams{spec.poll_interval_ns, spec.network_delay_ns, spec.jitter_ns,
                   spec.max_slew_ppm,     spec.step_threshold_ns, spec.outages};
}

NtpDiscipline::NtpDiscipline(sim::Simulation& sim, const models::guest::GuestKernel& guest,
                             const sim::NtpSpec& spec, std::uint64_t seed)
    : sim_(sim), guest_(guest), client_(params_of(spec), seed) {
  sim_.at(std::max(sim_.now(), client_.next_poll_ns()), sim::EventPriority::GuestService, *this);
}

TimeNs NtpDiscipline::raw_at(TimeNs true_ns) const {
  const TimeNs now = sim_.now();
  return guest_.raw_clock_ns(now) + std::max<TimeNs>(0, true_ns - now);
}

void NtpDiscipline::on_event(std::uint32_t, std::uint64_t) {
  client_.poll(sim_.now(), [this](TimeNs t) { return raw_at(t); });
  sim_.at(client_.next_poll_ns(), sim::EventPriority::GuestService, *this);
}

void NtpDiscipline::summarize(nlohmann::ordered_json& section) const {
  const auto& c = client_.counters();
  section["ntp"] = {{"polls", c.polls},
                    {"failed_polls", c.failed_polls},
                    {"steps", c.steps},
                    {"last_offset_ns", c.last_offset_ns},
                    {"frequency_ppm", c.frequency_ppm}};
}

}  // namespace vtick::protocols::ntp
