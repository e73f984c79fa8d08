// One KVM virtual machine: its RAM slot, the in-kernel interrupt controllers, optionally
// the in-kernel PIT, and interrupt lines the VMM's own devices raise.
#pragma once

#include <cstdint>

#include "realvm/vmm/fd.hpp"
#include "realvm/vmm/guest_memory.hpp"
#include "realvm/vmm/kvm_system.hpp"

namespace vtick::realvm::vmm {

/// What KVM_IRQ_LINE_STATUS says happened to an edge.
enum class IrqDelivery {
  delivered, ///< latched into the PIC's request register
  coalesced, ///< the previous edge on that line is still unacknowledged: this one merged into it
  masked,    ///< no controller accepted it (line masked everywhere)
};

class Vm {
 public:
  /// Creates the VM, maps `memory` at guest-physical 0 and creates the in-kernel
  /// PIC/IOAPIC/LAPIC (KVM_CREATE_IRQCHIP).
  Vm(const KvmSystem& kvm, const GuestMemory& memory);

  /// KVM's in-kernel 8254 (KVM_CREATE_PIT2). `reinject` on: ticks the guest has not yet
  /// acknowledged are queued and delivered later (KVM's "delay"); off: they are dropped.
  void create_in_kernel_pit(bool reinject);

  /// One edge on `gsi` (raise then lower). Thread-safe: KVM serialises irqchip updates,
  /// and a vCPU sleeping in hlt is woken by it.
  IrqDelivery pulse_irq(unsigned gsi);

  /// KVM_GET_CLOCK: what the guest's kvmclock reads now, in ns.
  std::uint64_t kvmclock_ns() const;

  int fd() const { return fd_.get(); }

 private:
  int set_irq_line(unsigned gsi, bool level);

  Fd fd_;
};

}  // namespace vtick::realvm::vmm
