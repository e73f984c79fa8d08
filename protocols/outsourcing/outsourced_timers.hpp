#pragma once
// timers=outsourced, guest side: add_timer/mod_timer/del_timer become hypercalls to the host
// timer module (OutsourcingHost) instead of wheel operations; nothing is tick driven.
// A hypercall reaches the host at the instant the guest makes it, and its VM exit is charged
// to the vCPU right after the callback that made it (take_exits): the host learns of the
// request one exit cost early, a few microseconds at most.
#include "models/guest/timer_backend.hpp"
#include "protocols/outsourcing/timer_outsourcing.hpp"

namespace vtick::protocols::outsourcing {

/// Where hypercalls go: the host side.
class HypercallSink {
 public:
  virtual void receive(const Hypercall& call, TimeNs guest_now_ns) = 0;

 protected:
  ~HypercallSink() = default;
};

class OutsourcedTimers final : public models::guest::TimerBackend {
 public:
  explicit OutsourcedTimers(HypercallSink& host) : host_(host) {}

  models::guest::TimerId create() override { return stub_.create_timer(); }
  void arm(models::guest::TimerId timer, TimeNs guest_deadline_ns, TimeNs guest_now_ns) override;
  bool cancel(models::guest::TimerId timer) override;
  void on_tick(models::guest::Jiffies, std::vector<models::guest::TimerId>&) override {}
  std::uint64_t take_exits() override;

  /// An expiry event reached the guest: whether its callback must run (generation check).
  bool on_expiry(const ExpiryEvent& event) { return stub_.on_expiry(event); }
  [[nodiscard]] const GuestTimerStub::Counters& counters() const { return stub_.counters(); }

 private:
  void send(const Hypercall& call, TimeNs guest_now_ns);

  HypercallSink& host_;
  GuestTimerStub stub_;
  std::uint64_t unpaid_exits_ = 0;
};

}  // namespace vtick::protocols::outsourcing
