#include "realvm/vmm/readonly_slot.hpp"

#include <linux/kvm.h>
#include <sys/ioctl.h>

#include "realvm/vmm/error.hpp"

namespace vtick::realvm::vmm {
namespace {

constexpr std::uint64_t kPage = 4096;

}  // namespace

ReadonlySlot::ReadonlySlot(const KvmSystem& kvm, const Vm& vm, std::uint32_t slot, std::uint64_t gpa,
                           const void* address, std::size_t bytes)
    : vm_(vm), slot_(slot), gpa_(gpa) {
  if (!kvm.has(KVM_CAP_READONLY_MEM)) {
    throw KvmUnavailable("/dev/kvm lacks KVM_CAP_READONLY_MEM (a guest mapping the guest cannot write), "
                         "which host-kernel timer delivery needs for the io_uring completion queue");
  }
  const auto host = reinterpret_cast<std::uint64_t>(address);
  if (host % kPage != 0 || gpa % kPage != 0 || bytes == 0) {
    throw VmmError("read-only slot: host address and guest-physical address must be page-aligned");
  }
  kvm_userspace_memory_region region{};
  region.slot = slot_;
  region.flags = KVM_MEM_READONLY;
  region.guest_phys_addr = gpa_;
  region.memory_size = (bytes + kPage - 1) / kPage * kPage;
  region.userspace_addr = host;
  if (::ioctl(vm_.fd(), KVM_SET_USER_MEMORY_REGION, &region) < 0) {
    throw_errno("KVM_SET_USER_MEMORY_REGION (read-only slot " + std::to_string(slot_) + ")");
  }
}

ReadonlySlot::~ReadonlySlot() {
  kvm_userspace_memory_region region{};
  region.slot = slot_;
  region.guest_phys_addr = gpa_;
  region.memory_size = 0;  // deletes the slot
  ::ioctl(vm_.fd(), KVM_SET_USER_MEMORY_REGION, &region);
}

}  // namespace vtick::realvm::vmm
