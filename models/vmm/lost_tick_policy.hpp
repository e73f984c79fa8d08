#pragma once
// What a VMM does with timer ticks it could not deliver on time. Implementations live in
// protocols/emulation/ (one file per policy); the VMM model only calls this interface.
#include <cstdint>
#include <string_view>

#include "models/vmm/timer_device.hpp"

namespace vtick::models::vmm {

class LostTickPolicy {
 public:
  virtual ~LostTickPolicy() = default;

  /// The timer thread runs at `now`; `newly_due` periods ended since its previous run.
  /// Raises the device's interrupt as the policy dictates and returns when the thread
  /// should run next (strictly after `now`).
  virtual TimeNs on_timer_thread(TimerDevice& device, TimeNs now, std::int64_t newly_due) = 0;
  /// The guest ended a timer interrupt (EOI; the VMM sees it as a VM exit).
  virtual void on_guest_ack(TimerDevice& /*device*/) {}
  /// Ticks owed to the guest and not yet delivered.
  [[nodiscard]] virtual std::int64_t backlog() const { return 0; }
  [[nodiscard]] virtual std::string_view name() const = 0;
};

}  // namespace vtick::models::vmm
