#include "sim/runner/sampler.hpp"

#include <array>

namespace vtick::sim::runner {

Sampler::Sampler(Simulation& sim, TimeNs interval, const models::guest::GuestKernel& guest,
                 const models::vmm::LostTickPolicy& policy, SeriesWriter& series, TraceWriter& trace)
    : sim_(sim), interval_(interval), guest_(guest), policy_(policy), series_(series), trace_(trace) {
  sim_.at(0, EventPriority::Sample, *this);
}

const std::vector<std::string>& Sampler::columns() {
  static const std::vector<std::string> kColumns = {"host_ns", "guest_ns", "offset_ns", "backlog_ticks", "jiffies"};
  return kColumns;
}

void Sampler::on_event(std::uint32_t, std::uint64_t) {
  const TimeNs now = sim_.now();
  const TimeNs guest_ns = guest_.wall_clock_ns(now);
  const std::int64_t backlog = policy_.backlog();
  const std::array<std::int64_t, 5> row = {now, guest_ns, guest_ns - now, backlog,
                                           static_cast<std::int64_t>(guest_.jiffies())};
  series_.row(row);
  host_ns_.push_back(now);
  offset_ns_.push_back(guest_ns - now);
  trace_.counter("guest", "offset_us", now, (guest_ns - now) / kNsPerUs);
  trace_.counter("guest", "backlog_ticks", now, backlog);
  sim_.after(interval_, EventPriority::Sample, *this);
}

}  // namespace vtick::sim::runner
