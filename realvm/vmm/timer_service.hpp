// What the hypercall port needs from an outsourced-timer back end: the guest's arm and
// cancel calls. Two back ends exist: OutsourcedTimers (a VMM thread relays each expiry)
// and HostKernelTimers (io_uring timeouts; the kernel delivers with no VMM thread).
#pragma once

#include <cstdint>

namespace vtick::realvm::vmm {

class TimerService {
 public:
  virtual ~TimerService() = default;
  /// On the vCPU thread; each returns a VTICK_HYPERCALL_* result. `deadline_ns` is a
  /// kvmclock reading; one in the past fires at once.
  virtual std::uint32_t arm(std::uint32_t timer_id, std::uint32_t generation, std::uint64_t deadline_ns) = 0;
  virtual std::uint32_t cancel(std::uint32_t timer_id, std::uint32_t generation) = 0;
};

}  // namespace vtick::realvm::vmm
