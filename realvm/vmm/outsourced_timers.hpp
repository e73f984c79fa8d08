// Timer outsourcing, the VMM's half (the seed paper's scheme; protocol in realvm/protocol.h,
// verified model in protocols/outsourcing/): one host timerfd per guest timer slot, armed
// from the vCPU thread by a hypercall, and a host-timer thread that waits on all of them
// (epoll) and on expiry posts {timer id, generation} into the guest's ring, then pulses
// VTICK_OUTSOURCED_TIMER_IRQ. That thread is in the delivery path: its scheduling delay on
// a loaded host is the lateness this scheme adds.
#pragma once

#include <array>
#include <cstdint>
#include <mutex>
#include <thread>

#include "realvm/protocol.h"
#include "realvm/vmm/fd.hpp"
#include "realvm/vmm/guest_memory.hpp"
#include "realvm/vmm/port_device.hpp"
#include "realvm/vmm/timer_service.hpp"
#include "realvm/vmm/vm.hpp"

namespace vtick::realvm::vmm {

class OutsourcedTimers final : public TimerService {
 public:
  /// `ring_gpa`: where the guest's struct vtick_timer_ring lives (VMM-chosen, so in RAM).
  OutsourcedTimers(Vm& vm, const GuestMemory& memory, std::uint64_t ring_gpa);
  ~OutsourcedTimers();  // stops and joins
  OutsourcedTimers(const OutsourcedTimers&) = delete;
  OutsourcedTimers& operator=(const OutsourcedTimers&) = delete;

  /// The hypercalls, on the vCPU thread; each returns a VTICK_HYPERCALL_* result.
  /// `deadline_ns` is a kvmclock reading; one in the past fires at once.
  std::uint32_t arm(std::uint32_t timer_id, std::uint32_t generation, std::uint64_t deadline_ns) override;
  std::uint32_t cancel(std::uint32_t timer_id, std::uint32_t generation) override;

  /// Stop the thread and join it. Idempotent.
  void stop();
  /// Only after stop() and after the vCPU stopped.
  void report(Counters& counters) const;

 private:
  struct Slot {
    Fd timer_fd;                   // created on the slot's first arm
    std::uint32_t generation = 0;  // of the current arming
    std::int64_t host_deadline_ns = 0;
    std::int64_t armed_at_ns = 0;  // a deadline already past when armed is due from here
  };

  void loop();
  void expired(std::uint32_t timer_id);
  void post(std::uint32_t timer_id, std::uint32_t generation);

  Vm& vm_;
  vtick_timer_ring* ring_;
  std::uint32_t head_ = 0;  // ours; the guest may scribble on ring_->head, we never read it
  mutable std::mutex mutex_;  // slots_, between the hypercalls and the thread
  std::array<Slot, VTICK_OUTSOURCED_MAX_TIMERS> slots_;
  Fd epoll_fd_;
  Fd stop_fd_;
  std::thread thread_;
  // vCPU thread
  std::uint64_t arms_ = 0;
  std::uint64_t cancels_ = 0;
  std::uint64_t bad_timer_ids_ = 0;
  std::uint64_t bad_deadlines_ = 0;
  std::uint64_t host_timers_ = 0;
  // host-timer thread
  std::uint64_t expiries_ = 0;
  std::uint64_t ring_overflows_ = 0;
  std::uint64_t irq_coalesced_ = 0;
  std::uint64_t irq_masked_ = 0;
  std::uint64_t injection_errors_ = 0;
  std::int64_t thread_lateness_sum_ns_ = 0;
  std::int64_t thread_lateness_max_ns_ = 0;
};

}  // namespace vtick::realvm::vmm
