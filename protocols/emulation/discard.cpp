// discard: each run of the timer thread raises at most one interrupt, whatever number of
// periods ended since the last run; the others, and a raise that coalesces with a request
// the guest has not yet taken, are gone. A tick-counting guest loses that time for good.
#include "protocols/emulation/policies.hpp"

namespace vtick::protocols::emulation {

bool raise_one_for(TimerDevice& device, std::int64_t newly_due) {
  if (newly_due <= 0) return false;
  const bool delivered = device.line().raise();
  device.counters().lost += static_cast<std::uint64_t>(newly_due - (delivered ? 1 : 0));
  return delivered;
}

namespace {

class Discard final : public LostTickPolicy {
 public:
  TimeNs on_timer_thread(TimerDevice& device, TimeNs now, std::int64_t newly_due) override {
    raise_one_for(device, newly_due);
    return device.next_period_end(now);
  }
  [[nodiscard]] std::string_view name() const override { return "discard"; }
};

}  // namespace

std::unique_ptr<LostTickPolicy> make_discard() { return std::make_unique<Discard>(); }

}  // namespace vtick::protocols::emulation
