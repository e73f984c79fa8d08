// Route a GSI to an MSI for the guest's local APIC, so that an irqfd on that GSI is
// injected in the eventfd's wake-up itself. Kernel fact (arch/x86/kvm/irq.c,
// kvm_arch_set_irq_inatomic): an irqfd's wake-up injects directly only MSI (and Hyper-V /
// Xen) routes, through kvm_irq_delivery_to_apic_fast; a PIC or IOAPIC pin is deferred to
// the system workqueue (virt/kvm/eventfd.c, irqfd->inject), a kworker the host schedules.
#pragma once

#include <cstdint>

#include "realvm/vmm/kvm_system.hpp"
#include "realvm/vmm/vm.hpp"

namespace vtick::realvm::vmm {

/// Replace the VM's interrupt routing with one entry: `gsi` -> MSI, fixed delivery, edge,
/// physical destination APIC ID 0, `vector`. Nothing else may then raise a line by GSI
/// (KVM_IRQ_LINE finds no route): for VMs whose only interrupt source is that irqfd.
/// Throws KvmUnavailable without KVM_CAP_IRQ_ROUTING.
void route_gsi_to_msi(const KvmSystem& kvm, const Vm& vm, std::uint32_t gsi, std::uint8_t vector);

}  // namespace vtick::realvm::vmm
