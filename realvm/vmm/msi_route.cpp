#include "realvm/vmm/msi_route.hpp"

#include <linux/kvm.h>
#include <sys/ioctl.h>

#include "realvm/vmm/error.hpp"

namespace vtick::realvm::vmm {
namespace {

// struct kvm_irq_routing in its C layout: <linux/kvm.h> declares its entries with
// __DECLARE_FLEX_ARRAY, which C++ sizes differently before Linux 6.5 (cpuid_ioctl.hpp).
struct RoutingHeader {
  std::uint32_t nr;
  std::uint32_t flags;
};
static_assert(sizeof(RoutingHeader) == 8);
constexpr unsigned long kSetGsiRouting = _IOW(KVMIO, 0x6a, RoutingHeader);

// MSI address: 0xFEE in bits 31-20, destination APIC ID in 19-12, physical mode (bit 2 = 0).
// Data: the vector, fixed delivery (bits 10-8 = 0), edge (bit 15 = 0).
constexpr std::uint32_t kMsiAddressBase = 0xfee00000;

}  // namespace

void route_gsi_to_msi(const KvmSystem& kvm, const Vm& vm, std::uint32_t gsi, std::uint8_t vector) {
  if (!kvm.has(KVM_CAP_IRQ_ROUTING)) {
    throw KvmUnavailable("/dev/kvm lacks KVM_CAP_IRQ_ROUTING, which an MSI route for the host-kernel timer "
                         "interrupt needs");
  }
  struct {
    RoutingHeader header;
    kvm_irq_routing_entry entry;
  } routing{};
  routing.header.nr = 1;
  routing.entry.gsi = gsi;
  routing.entry.type = KVM_IRQ_ROUTING_MSI;
  routing.entry.u.msi.address_lo = kMsiAddressBase;  // APIC ID 0
  routing.entry.u.msi.address_hi = 0;
  routing.entry.u.msi.data = vector;
  if (::ioctl(vm.fd(), kSetGsiRouting, &routing) < 0) {
    throw_errno("KVM_SET_GSI_ROUTING (GSI " + std::to_string(gsi) + " -> MSI vector " + std::to_string(vector) + ")");
  }
}

}  // namespace vtick::realvm::vmm
