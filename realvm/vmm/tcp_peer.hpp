// The network and the far end of the guest's tcp_rto workload (realvm/protocol.h,
// VTICK_HYPERCALL_TCP_SEND): a segment the guest sends (and did not lose) is acknowledged
// `rtt` of host CLOCK_MONOTONIC after the VMM handled the send, by a thread of its own that
// posts the segment number into the guest's ACK ring and pulses VTICK_TCP_ACK_IRQ. The
// round trip is thereby in true time, as in the simulator, where the guest's clock has no
// say in when an ACK arrives. The thread's own scheduling delay on a loaded host is part
// of the ACK's delay, as a NIC interrupt's would be; it is counted.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <thread>

#include "realvm/protocol.h"
#include "realvm/vmm/guest_memory.hpp"
#include "realvm/vmm/port_device.hpp"
#include "realvm/vmm/vm.hpp"

namespace vtick::realvm::vmm {

class TcpPeer {
 public:
  /// `ring_gpa`: the guest's struct vtick_ack_ring (VMM-chosen, so in RAM).
  TcpPeer(Vm& vm, const GuestMemory& memory, std::uint64_t ring_gpa, std::int64_t rtt_ns);
  ~TcpPeer();  // stops and joins
  TcpPeer(const TcpPeer&) = delete;
  TcpPeer& operator=(const TcpPeer&) = delete;

  /// The hypercall, on the vCPU thread: OK, or RATE_LIMITED with a ring's worth of ACKs
  /// already in flight (a guest cannot make the VMM hold more).
  std::uint32_t send(std::uint32_t segment);

  /// Stop the thread and join it; ACKs still in flight are dropped. Idempotent.
  void stop();
  /// Only after stop().
  void report(Counters& counters) const;

 private:
  struct InFlight {
    std::int64_t due_ns;  // host CLOCK_MONOTONIC
    std::uint32_t segment;
  };

  void loop();
  void post(std::uint32_t segment);

  Vm& vm_;
  vtick_ack_ring* ring_;
  std::int64_t rtt_ns_;
  std::uint32_t head_ = 0;  // ours; the guest may scribble on ring_->head
  std::mutex mutex_;        // in_flight_, stopping_, the counters the vCPU thread writes
  std::condition_variable changed_;
  std::deque<InFlight> in_flight_;  // due times ascending: every send adds the same rtt
  bool stopping_ = false;
  std::thread thread_;
  std::uint64_t sends_ = 0;
  std::uint64_t refused_ = 0;
  // the ACK thread
  std::uint64_t acks_ = 0;
  std::uint64_t ring_overflows_ = 0;
  std::uint64_t irq_coalesced_ = 0;
  std::uint64_t irq_masked_ = 0;
  std::uint64_t injection_errors_ = 0;
  std::int64_t lateness_max_ns_ = 0;
};

}  // namespace vtick::realvm::vmm
