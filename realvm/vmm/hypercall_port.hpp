// VTICK_PORT_HYPERCALL: `out` a hypercall number, then `in` its result; arguments in the
// guest's struct vtick_hypercall_args (realvm/protocol.h). Timer calls go to the outsourced
// timers when that scheme runs, through a rate limit: a guest can neither hold more host
// timers than there are slots nor keep the VMM busy re-arming them. TCP sends go to the
// tcp_rto workload's peer (tcp_peer.hpp) when that workload runs.
#pragma once

#include "realvm/vmm/guest_memory.hpp"
#include "realvm/vmm/timer_service.hpp"
#include "realvm/vmm/port_device.hpp"
#include "realvm/vmm/rate_limiter.hpp"
#include "realvm/vmm/tcp_peer.hpp"

namespace vtick::realvm::vmm {

class HypercallPort final : public PortDevice {
 public:
  /// `args_gpa`: the VMM-chosen struct vtick_hypercall_args; VmmError if not in RAM.
  /// Timer calls: at most `timer_calls_per_second` on average, `timer_call_burst` at once.
  HypercallPort(const GuestMemory& memory, std::uint64_t args_gpa, std::uint64_t timer_calls_per_second,
                std::uint64_t timer_call_burst);
  /// Serve the timer calls with `timers` (which must outlive the vCPU's run).
  void serve_timers(TimerService& timers) { timers_ = &timers; }
  /// Serve VTICK_HYPERCALL_TCP_SEND with `peer` (which must outlive the vCPU's run).
  void serve_tcp(TcpPeer& peer) { tcp_peer_ = &peer; }

  void out(std::uint16_t port, std::uint32_t value, unsigned size) override;
  std::uint32_t in(std::uint16_t port, unsigned size) override;
  void report(Counters& counters) const override;

 private:
  std::uint32_t timer_call(std::uint32_t number);
  std::uint32_t tcp_send();

  const GuestMemory& memory_;
  std::uint64_t args_gpa_;
  TimerService* timers_ = nullptr;
  TcpPeer* tcp_peer_ = nullptr;
  RateLimiter timer_calls_;
  std::uint32_t result_ = kFloatingBus;
  std::uint64_t calls_ = 0;
  std::uint64_t unknown_calls_ = 0;
  std::uint64_t not_enabled_ = 0;
  std::uint64_t rate_limited_ = 0;
  std::uint64_t refused_ = 0;
  std::uint64_t bad_accesses_ = 0;
};

}  // namespace vtick::realvm::vmm
