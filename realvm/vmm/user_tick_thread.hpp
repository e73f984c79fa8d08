// The VMM's timer/device thread for user-space PIT emulation: a timerfd at the guest's
// programmed period, IRQ 0 pulsed through KVM_IRQ_LINE_STATUS, and the lost-tick policy fed
// with what that ioctl and the timerfd's expiration count report. This is the thread whose
// scheduling delays on a loaded host the whole project is about.
#pragma once

#include <atomic>
#include <cstdint>
#include <thread>
#include <vector>

#include "realvm/vmm/fd.hpp"
#include "realvm/vmm/lost_tick_policy.hpp"
#include "realvm/vmm/vm.hpp"

namespace vtick::realvm::vmm {

class UserTickThread {
 public:
  /// `catchup_max_factor`: catchup policies re-offer a backlog tick every period / this.
  UserTickThread(Vm& vm, LostTickPolicy policy, std::int64_t giveup_threshold_ns, int catchup_max_factor);
  ~UserTickThread();  // stops and joins
  UserTickThread(const UserTickThread&) = delete;
  UserTickThread& operator=(const UserTickThread&) = delete;

  /// (Re)start ticking every `period_ns`, first tick one period from now. Any thread.
  void start(std::int64_t period_ns);
  /// Stop ticking and join the thread. Idempotent.
  void stop();
  /// Only after stop(): the thread's counters are its own until it has been joined.
  void report(Counters& counters) const;
  /// Only after stop(): host CLOCK_MONOTONIC just before each pulse that came back
  /// delivered, in order (the first kMaxStamps), so a tick's injection latency can be
  /// measured against the trace (bench/realvm).
  const std::vector<std::int64_t>& delivered_at_ns() const { return delivered_at_ns_; }

  static constexpr std::size_t kMaxStamps = 1 << 20;

 private:
  void loop();
  void inject_owed();

  static constexpr unsigned kPitGsi = 0;  // PIT output -> IRQ 0 (PIC pin 0)

  std::int64_t retry_delay_ns() const;

  Vm& vm_;
  LostTickPolicy policy_;
  int catchup_max_factor_;
  LostTickAccounting accounting_;
  Fd timer_fd_;
  Fd stop_fd_;
  std::atomic<std::int64_t> period_ns_{0};
  std::thread thread_;
  std::uint64_t masked_ = 0;
  std::uint64_t wakeups_ = 0;
  std::uint64_t injection_errors_ = 0;
  std::vector<std::int64_t> delivered_at_ns_;
  std::uint64_t unstamped_ = 0;
  /// CLOCK_THREAD_CPUTIME_ID when the loop ended: the thread's whole CPU time (user and
  /// system, so the KVM_IRQ_LINE_STATUS ioctls count), for the device's cost per wake-up.
  std::int64_t cpu_ns_ = 0;
};

}  // namespace vtick::realvm::vmm
