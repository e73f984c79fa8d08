#include "realvm/vmm/tcp_peer.hpp"

#include <algorithm>
#include <chrono>

#include "realvm/vmm/error.hpp"
#include "realvm/vmm/host_clock.hpp"

namespace vtick::realvm::vmm {

TcpPeer::TcpPeer(Vm& vm, const GuestMemory& memory, std::uint64_t ring_gpa, std::int64_t rtt_ns)
    : vm_(vm), rtt_ns_(rtt_ns) {
  const auto bytes = memory.range(ring_gpa, sizeof(vtick_ack_ring));
  if (bytes.empty() || ring_gpa % alignof(vtick_ack_ring) != 0) {
    throw VmmError("ACK ring at guest-physical " + std::to_string(ring_gpa) + " is not in guest RAM");
  }
  ring_ = reinterpret_cast<vtick_ack_ring*>(bytes.data());
  *ring_ = vtick_ack_ring{};
  thread_ = std::thread([this] { loop(); });
}

TcpPeer::~TcpPeer() { stop(); }

std::uint32_t TcpPeer::send(std::uint32_t segment) {
  const std::int64_t now = host_monotonic_ns();
  std::lock_guard lock(mutex_);
  if (in_flight_.size() >= VTICK_ACK_RING_SIZE) {
    ++refused_;
    return VTICK_HYPERCALL_RATE_LIMITED;
  }
  ++sends_;
  in_flight_.push_back({now + rtt_ns_, segment});
  changed_.notify_one();
  return VTICK_HYPERCALL_OK;
}

void TcpPeer::stop() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    changed_.notify_one();
  }
  thread_.join();
}

void TcpPeer::loop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    if (stopping_) return;
    if (in_flight_.empty()) {
      changed_.wait(lock);
      continue;
    }
    // steady_clock is CLOCK_MONOTONIC: the wait is a futex with an absolute monotonic
    // timeout, subject to this thread's timer slack (50 us by default).
    const InFlight next = in_flight_.front();
    const std::chrono::steady_clock::time_point due{std::chrono::nanoseconds(next.due_ns)};
    if (changed_.wait_until(lock, due) != std::cv_status::timeout && host_monotonic_ns() < next.due_ns) {
      continue;  // a new send or the stop request: look again
    }
    in_flight_.pop_front();
    lateness_max_ns_ = std::max(lateness_max_ns_, host_monotonic_ns() - next.due_ns);
    lock.unlock();
    try {
      post(next.segment);
    } catch (const VmmError&) {
      ++injection_errors_;  // the VM is going away under us
      return;
    }
    lock.lock();
  }
}

void TcpPeer::post(std::uint32_t segment) {
  ++acks_;
  const std::uint32_t tail = __atomic_load_n(&ring_->tail, __ATOMIC_ACQUIRE);
  if (head_ - tail >= VTICK_ACK_RING_SIZE) {
    ++ring_overflows_;
  } else {
    ring_->segments[head_ % VTICK_ACK_RING_SIZE] = segment;
    ++head_;
    __atomic_store_n(&ring_->head, head_, __ATOMIC_RELEASE);  // entry first, then the head
  }
  switch (vm_.pulse_irq(VTICK_TCP_ACK_IRQ)) {
    case IrqDelivery::delivered: break;
    case IrqDelivery::coalesced: ++irq_coalesced_; break;  // the pending edge covers this entry too
    case IrqDelivery::masked: ++irq_masked_; break;
  }
}

void TcpPeer::report(Counters& counters) const {
  counters["tcp_peer.sends"] = sends_;
  counters["tcp_peer.refused"] = refused_;
  counters["tcp_peer.acks"] = acks_;
  counters["tcp_peer.ring_overflows"] = ring_overflows_;
  counters["tcp_peer.irq_coalesced"] = irq_coalesced_;
  counters["tcp_peer.irq_masked"] = irq_masked_;
  counters["tcp_peer.injection_errors"] = injection_errors_;
  counters["tcp_peer.ack_lateness_max_ns"] = static_cast<std::uint64_t>(std::max<std::int64_t>(0, lateness_max_ns_));
}

}  // namespace vtick::realvm::vmm
