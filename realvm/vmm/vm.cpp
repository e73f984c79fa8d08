#include "realvm/vmm/vm.hpp"

#include <sys/ioctl.h>

#include "realvm/vmm/error.hpp"

namespace vtick::realvm::vmm {
namespace {

// Intel VMX needs three pages of guest-physical space for a TSS used while emulating real
// mode; put them just below the 4 GiB BIOS area, far above our RAM (the address QEMU uses).
constexpr unsigned long kTssAddress = 0xfffbd000;

}  // namespace

Vm::Vm(const KvmSystem& kvm, const GuestMemory& memory) {
  fd_ = Fd(::ioctl(kvm.fd(), KVM_CREATE_VM, 0));
  if (!fd_.valid()) {
    throw_errno("KVM_CREATE_VM");
  }
  if (kvm.has(KVM_CAP_SET_TSS_ADDR) && ::ioctl(fd_.get(), KVM_SET_TSS_ADDR, kTssAddress) < 0) {
    throw_errno("KVM_SET_TSS_ADDR");
  }
  kvm_userspace_memory_region region{};
  region.slot = 0;
  region.guest_phys_addr = 0;
  region.memory_size = memory.size();
  region.userspace_addr = reinterpret_cast<std::uint64_t>(memory.host_base());
  if (::ioctl(fd_.get(), KVM_SET_USER_MEMORY_REGION, &region) < 0) {
    throw_errno("KVM_SET_USER_MEMORY_REGION");
  }
  if (::ioctl(fd_.get(), KVM_CREATE_IRQCHIP, 0) < 0) {
    throw_errno("KVM_CREATE_IRQCHIP");
  }
}

void Vm::create_in_kernel_pit(bool reinject) {
  kvm_pit_config config{};
  if (::ioctl(fd_.get(), KVM_CREATE_PIT2, &config) < 0) {
    throw_errno("KVM_CREATE_PIT2");
  }
  kvm_reinject_control control{};
  control.pit_reinject = reinject ? 1 : 0;
  if (::ioctl(fd_.get(), KVM_REINJECT_CONTROL, &control) < 0) {
    throw_errno("KVM_REINJECT_CONTROL");
  }
}

std::uint64_t Vm::kvmclock_ns() const {
  kvm_clock_data data{};
  if (::ioctl(fd_.get(), KVM_GET_CLOCK, &data) < 0) {
    throw_errno("KVM_GET_CLOCK");
  }
  return data.clock;
}

int Vm::set_irq_line(unsigned gsi, bool level) {
  kvm_irq_level line{};
  line.irq = gsi;
  line.level = level ? 1 : 0;
  if (::ioctl(fd_.get(), KVM_IRQ_LINE_STATUS, &line) < 0) {
    throw_errno("KVM_IRQ_LINE_STATUS");
  }
  return line.status;
}

IrqDelivery Vm::pulse_irq(unsigned gsi) {
  // The 8259 latches an edge-triggered request on the low-to-high transition, so the line
  // must go low again before the next tick can be seen. The status of the rising edge is
  // the sum over controllers: >0 someone latched it, 0 all coalesced, <0 all masked.
  const int status = set_irq_line(gsi, true);
  set_irq_line(gsi, false);
  if (status > 0) {
    return IrqDelivery::delivered;
  }
  return status == 0 ? IrqDelivery::coalesced : IrqDelivery::masked;
}

}  // namespace vtick::realvm::vmm
