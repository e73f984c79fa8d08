#include "realvm/vmm/irqfd.hpp"

#include <linux/kvm.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>

#include "realvm/vmm/error.hpp"

namespace vtick::realvm::vmm {
namespace {

kvm_irqfd request(int eventfd, unsigned gsi, std::uint32_t flags) {
  kvm_irqfd irqfd{};
  irqfd.fd = static_cast<std::uint32_t>(eventfd);
  irqfd.gsi = gsi;
  irqfd.flags = flags;
  return irqfd;
}

}  // namespace

Irqfd::Irqfd(const KvmSystem& kvm, const Vm& vm, unsigned gsi) : vm_(vm), gsi_(gsi) {
  if (!kvm.has(KVM_CAP_IRQFD)) {
    throw KvmUnavailable("/dev/kvm lacks KVM_CAP_IRQFD (an eventfd raising a guest interrupt), "
                         "which host-kernel timer delivery needs");
  }
  eventfd_ = Fd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  if (!eventfd_.valid()) {
    throw_errno("eventfd for KVM_IRQFD");
  }
  kvm_irqfd irqfd = request(eventfd_.get(), gsi_, 0);
  if (::ioctl(vm_.fd(), KVM_IRQFD, &irqfd) < 0) {
    throw_errno("KVM_IRQFD for GSI " + std::to_string(gsi_));
  }
}

Irqfd::~Irqfd() {
  // KVM holds its own reference to the eventfd until deassigned; closing ours alone would
  // leave the binding (and the file) alive until the VM goes.
  kvm_irqfd irqfd = request(eventfd_.get(), gsi_, KVM_IRQFD_FLAG_DEASSIGN);
  ::ioctl(vm_.fd(), KVM_IRQFD, &irqfd);
}

}  // namespace vtick::realvm::vmm
