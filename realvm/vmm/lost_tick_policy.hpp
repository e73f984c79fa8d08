// What a user-space timer emulation does with ticks the guest did not take in time: the
// bookkeeping, free of threads and ioctls so it can be tested alone. The names follow
// QEMU's lost_tick_policy.
#pragma once

#include <cstdint>
#include <string_view>

#include "realvm/vmm/port_device.hpp"

namespace vtick::realvm::vmm {

enum class LostTickPolicy {
  /// A tick that cannot be delivered when due is gone: the guest's tick count (and a
  /// jiffies clock) falls behind by it for good.
  discard,
  /// Every tick is owed until delivered: late ticks are re-injected one by one as soon as
  /// the guest has acknowledged the previous one, so a jiffies clock catches up.
  delay,
};

std::string_view lost_tick_policy_name(LostTickPolicy policy);

class LostTickAccounting {
 public:
  explicit LostTickAccounting(LostTickPolicy policy) : policy_(policy) {}

  /// The host timer fired; `expirations` periods have passed since it was last read (more
  /// than 1 when this thread itself ran late).
  void timer_expired(std::uint64_t expirations);
  /// True while a tick is owed and worth an injection attempt now.
  bool tick_owed() const { return owed_ > 0; }
  /// The result of one injection attempt of an owed tick.
  void injected(bool delivered);

  std::uint64_t owed() const { return owed_; }
  void report(Counters& counters) const;

 private:
  LostTickPolicy policy_;
  std::uint64_t owed_ = 0;
  std::uint64_t expirations_ = 0;
  std::uint64_t delivered_ = 0;
  std::uint64_t coalesced_attempts_ = 0;
  std::uint64_t discarded_ = 0;
  std::uint64_t max_owed_ = 0;
};

}  // namespace vtick::realvm::vmm
