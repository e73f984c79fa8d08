#include "models/guest/tcp_rto_workload.hpp"

namespace vtick::models::guest {

TcpRtoWorkload::TcpRtoWorkload(GuestKernel& guest, sim::Simulation& sim, const sim::WorkloadSpec& spec,
                               std::uint64_t seed)
    : guest_(guest),
      sim_(sim),
      name_(spec.name),
      start_ns_(spec.start_ns),
      interval_ns_(spec.interval_ns),
      rtt_ns_(spec.rtt_ns),
      rto_ns_(spec.rto_ns),
      loss_(spec.loss),
      random_(seed, "tcp/" + spec.name),
      send_timer_(guest.create_timer(*this)),
      rto_timer_(guest.create_timer(*this)) {
  guest_.arm_timer(send_timer_, start_ns_ + interval_ns_, 0);
}

void TcpRtoWorkload::on_timer(TimerId timer, TimeNs host_now) {
  if (timer == rto_timer_) {
    on_retransmission_timer(host_now);
    return;
  }
  send(host_now);
  guest_.arm_timer(send_timer_, start_ns_ + ++next_send_ * interval_ns_, host_now);
}

void TcpRtoWorkload::send(TimeNs host_now) {
  ++segments_;
  ++segment_;
  outstanding_ = true;
  sent_at_ = host_now;
  lost_ = random_.uniform() < loss_;
  guest_.arm_timer(rto_timer_, guest_.raw_clock_ns(host_now) + rto_ns_, host_now);
  if (lost_) {
    ++losses_;
  } else {
    sim_.at(host_now + rtt_ns_, sim::EventPriority::GuestService, *this, 0, segment_);
  }
}

// The ACK of segment `segment` arrives.
void TcpRtoWorkload::on_event(std::uint32_t, std::uint64_t segment) {
  if (!outstanding_ || segment != segment_) return;  // already retransmitted (spuriously)
  outstanding_ = false;
  ++acks_;
  guest_.cancel_timer(rto_timer_);
}

void TcpRtoWorkload::on_retransmission_timer(TimeNs host_now) {
  if (!outstanding_) return;
  outstanding_ = false;  // the retransmission is assumed to get through
  if (lost_) {
    ++retransmits_;
    retransmit_lateness_ns_.push_back(host_now - (sent_at_ + rto_ns_));
  } else {
    ++spurious_;
  }
}

nlohmann::ordered_json TcpRtoWorkload::summary() const {
  auto s = lateness_summary(retransmit_lateness_ns_);
  s["segments"] = segments_;
  s["lost"] = losses_;
  s["acked"] = acks_;
  s["retransmits"] = retransmits_;
  s["spurious_retransmits"] = spurious_;
  return s;
}

}  // namespace vtick::models::guest
