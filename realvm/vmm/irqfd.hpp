// An eventfd bound to a guest interrupt line with KVM_IRQFD: every write to it (by us, or
// by the kernel on our behalf) raises an edge on the line without any VMM code running.
// Kernel facts (virt/kvm/eventfd.c): the eventfd's wake-up calls irqfd_wakeup(), which
// injects in that context only for MSI routes (kvm_arch_set_irq_inatomic); a PIC/IOAPIC
// pin such as our GSI 5 is injected from the system workqueue (irqfd->inject: set the
// line, then clear it, an edge). So a kworker, not a VMM thread, is between the eventfd
// and the guest's PIC.
#pragma once

#include "realvm/vmm/fd.hpp"
#include "realvm/vmm/vm.hpp"

namespace vtick::realvm::vmm {

class Irqfd {
 public:
  /// Throws KvmUnavailable if KVM lacks KVM_CAP_IRQFD, VmmError if an ioctl fails.
  Irqfd(const KvmSystem& kvm, const Vm& vm, unsigned gsi);
  ~Irqfd();  // deassigns, then closes
  Irqfd(const Irqfd&) = delete;
  Irqfd& operator=(const Irqfd&) = delete;

  int eventfd() const { return eventfd_.get(); }

 private:
  const Vm& vm_;
  unsigned gsi_;
  Fd eventfd_;
};

}  // namespace vtick::realvm::vmm
