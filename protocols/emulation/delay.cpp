// delay (KVM's in-kernel PIT with KVM_REINJECT_CONTROL on; QEMU's lost_tick_policy=delay):
// every ended period adds one to a pending count; a tick is injected only after the guest
// acknowledged the previous one (KVM's irq_ack flag), and the acknowledgement itself
// re-injects the next pending tick at once (kvm_pit_ack_irq). No tick is ever lost: the
// guest clock lags by the backlog and catches up as fast as the guest can acknowledge.
#include "protocols/emulation/policies.hpp"

namespace vtick::protocols::emulation {
namespace {

class Delay final : public LostTickPolicy {
 public:
  TimeNs on_timer_thread(TimerDevice& device, TimeNs now, std::int64_t newly_due) override {
    // Only a lone tick delivered at the first run after it fell due is on time.
    const bool on_time = pending_ == 0 && newly_due == 1;
    pending_ += newly_due;
    device.counters().note_backlog(pending_);
    deliver_if_acknowledged(device, !on_time);
    return device.next_period_end(now);
  }
  void on_guest_ack(TimerDevice& device) override {
    acknowledged_ = true;
    deliver_if_acknowledged(device, true);
  }
  [[nodiscard]] std::int64_t backlog() const override { return pending_; }
  [[nodiscard]] std::string_view name() const override { return "delay"; }

 private:
  void deliver_if_acknowledged(TimerDevice& device, bool waited) {
    if (!acknowledged_ || pending_ == 0) return;
    device.line().raise();
    acknowledged_ = false;
    --pending_;
    if (waited) ++device.counters().reinjected;
  }

  std::int64_t pending_ = 0;
  bool acknowledged_ = true;
};

}  // namespace

std::unique_ptr<LostTickPolicy> make_delay() { return std::make_unique<Delay>(); }

}  // namespace vtick::protocols::emulation
