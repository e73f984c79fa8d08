// What a user-space timer emulation does with ticks the guest did not take in time: the
// bookkeeping, free of threads and ioctls so it can be tested alone. The names follow
// QEMU's lost_tick_policy and the simulator's protocols/emulation/ (docs/emulation.md).
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
  /// As discard, and counts how many due ticks each delivered one stood for (QEMU's
  /// LOST_TICK_POLICY_MERGE): a guest that can read the count could make them up.
  merge,
  /// A backlog drained one tick per retry, at up to catchup_max_factor times the tick rate
  /// (QEMU's RTC driftfix=slew).
  catchup,
  /// As catchup, but a backlog worth more than the give-up threshold is dropped whole
  /// (VMware's catch-up limit): the guest falls behind rather than racing to catch up.
  catchup_giveup,
};

std::string_view lost_tick_policy_name(LostTickPolicy policy);

class LostTickAccounting {
 public:
  /// `giveup_threshold_ns`: catchup_giveup drops a backlog worth more than this much time.
  explicit LostTickAccounting(LostTickPolicy policy, std::int64_t giveup_threshold_ns = 0)
      : policy_(policy), giveup_threshold_ns_(giveup_threshold_ns) {}

  /// The tick period the guest programmed (what a backlog tick is worth).
  void set_period_ns(std::int64_t period_ns) { period_ns_ = period_ns; }

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
  bool keeps_backlog() const { return policy_ == LostTickPolicy::delay || policy_ == LostTickPolicy::catchup ||
                                      policy_ == LostTickPolicy::catchup_giveup; }

  LostTickPolicy policy_;
  std::int64_t giveup_threshold_ns_;
  std::int64_t period_ns_ = 0;
  std::uint64_t owed_ = 0;
  std::uint64_t newly_due_ = 0;  // merge: ticks the next delivered raise stands for
  bool waited_ = false;          // the owed tick missed its first chance (reinjected if delivered)
  std::uint64_t expirations_ = 0;
  std::uint64_t delivered_ = 0;
  std::uint64_t coalesced_attempts_ = 0;
  std::uint64_t discarded_ = 0;
  std::uint64_t merged_ = 0;
  std::uint64_t reinjected_ = 0;
  std::uint64_t gave_up_ = 0;
  std::uint64_t max_owed_ = 0;
};

}  // namespace vtick::realvm::vmm
