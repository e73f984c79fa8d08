#include "sim/runner/sampler.hpp"

#include <array>

namespace vtick::sim::runner {

Sampler::Sampler(Simulation& sim, const RunSpec& run, models::guest::GuestKernel& guest,
                 const models::vmm::LostTickPolicy& policy, SeriesWriter& series, TraceWriter& trace)
    : sim_(sim), interval_(run.sample_interval_ns), guest_(guest), policy_(policy), series_(series), trace_(trace) {
  if (run.sampling == Sampling::Observer) {
    sim_.at(0, EventPriority::Sample, *this);
    return;
  }
  timer_ = guest_.create_timer(*this);
  guest_.arm_timer(timer_, interval_, 0);
}

const std::vector<std::string>& Sampler::columns() {
  static const std::vector<std::string> kColumns = {"host_ns", "guest_ns", "offset_ns", "backlog_ticks", "jiffies"};
  return kColumns;
}

void Sampler::on_event(std::uint32_t, std::uint64_t) {
  record(sim_.now());
  sim_.after(interval_, EventPriority::Sample, *this);
}

// Fixed rate, like the real guest's sampler: a late sample does not move the next deadline.
void Sampler::on_timer(models::guest::TimerId, TimeNs host_now) {
  record(host_now);
  ++next_sample_;
  guest_.arm_timer(timer_, next_sample_ * interval_, host_now);
}

void Sampler::record(TimeNs host_now) {
  const TimeNs guest_ns = guest_.wall_clock_ns(host_now);
  const std::int64_t backlog = policy_.backlog();
  const std::array<std::int64_t, 5> row = {host_now, guest_ns, guest_ns - host_now, backlog,
                                           static_cast<std::int64_t>(guest_.jiffies())};
  series_.row(row);
  host_ns_.push_back(host_now);
  offset_ns_.push_back(guest_ns - host_now);
  trace_.counter("guest", "offset_us", host_now, (guest_ns - host_now) / kNsPerUs);
  trace_.counter("guest", "backlog_ticks", host_now, backlog);
}

}  // namespace vtick::sim::runner
