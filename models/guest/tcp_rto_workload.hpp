#pragma once
// tcp_rto: TCP's retransmission timer. Every `interval` (guest time) the guest sends a
// segment and arms a retransmission timer for `rto` later (Linux's floor is 200 ms). The
// segment is lost with probability `loss` (seeded); otherwise its ACK arrives `rtt` later in
// true time and the guest deletes the timer. A timer that fires for a lost segment is a
// retransmission, late by (fire time - (send time + rto)) in true time; one that fires
// while the ACK is still in flight is a spurious retransmission (the guest clock ran fast).
// The ACK is handled the instant it arrives (a NIC interrupt's own delay is not modelled),
// and one segment is outstanding at a time (the parser requires interval > rto + rtt).
#include <string>
#include <vector>

#include "models/guest/workload.hpp"
#include "sim/rng.hpp"

namespace vtick::models::guest {

class TcpRtoWorkload final : public Workload, public TimerCallback, public sim::EventHandler {
 public:
  TcpRtoWorkload(GuestKernel& guest, sim::Simulation& sim, const sim::WorkloadSpec& spec, std::uint64_t seed);

  void on_timer(TimerId timer, TimeNs host_now) override;
  void on_event(std::uint32_t kind, std::uint64_t segment) override;

  [[nodiscard]] const std::string& name() const override { return name_; }
  [[nodiscard]] nlohmann::ordered_json summary() const override;
  [[nodiscard]] const std::vector<std::int64_t>& lateness_ns() const override { return retransmit_lateness_ns_; }

 private:
  void send(TimeNs host_now);
  void on_retransmission_timer(TimeNs host_now);

  GuestKernel& guest_;
  sim::Simulation& sim_;
  std::string name_;
  TimeNs start_ns_, interval_ns_, rtt_ns_, rto_ns_;
  double loss_;
  sim::RandomStream random_;
  TimerId send_timer_;
  TimerId rto_timer_;
  std::int64_t next_send_ = 1;
  std::uint64_t segment_ = 0;  ///< the outstanding segment's number
  bool outstanding_ = false;
  bool lost_ = false;
  TimeNs sent_at_ = 0;
  std::uint64_t segments_ = 0, losses_ = 0, acks_ = 0, retransmits_ = 0, spurious_ = 0;
  std::vector<std::int64_t> retransmit_lateness_ns_;
};

}  // namespace vtick::models::guest
