// merge (QEMU's LOST_TICK_POLICY_MERGE): the periods that ended since the last run are
// merged into one interrupt, whose count a device counter would expose. A tick-counting
// guest (clocksource=jiffies) cannot use that count: for it, merge loses exactly the ticks
// discard loses; `ticks.merged` says how many were folded into delivered interrupts.
#include "protocols/emulation/policies.hpp"

namespace vtick::protocols::emulation {
namespace {

class Merge final : public LostTickPolicy {
 public:
  TimeNs on_timer_thread(TimerDevice& device, TimeNs now, std::int64_t newly_due) override {
    if (raise_one_for(device, newly_due)) device.counters().merged += static_cast<std::uint64_t>(newly_due - 1);
    return device.next_period_end(now);
  }
  [[nodiscard]] std::string_view name() const override { return "merge"; }
};

}  // namespace

std::unique_ptr<LostTickPolicy> make_merge() { return std::make_unique<Merge>(); }

}  // namespace vtick::protocols::emulation
