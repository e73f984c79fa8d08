// Host memory we do not own (here: the io_uring completion queue the kernel writes) made
// visible to the guest as a read-only KVM memory slot. Kernel facts: KVM accepts any
// page-aligned user mapping for a slot (it resolves guest accesses through the host page
// tables: copy_from_user in the instruction emulator, get_user_pages for the MMU; the
// io_uring rings are ordinary kernel pages inserted with vm_insert_pages, so both work),
// and with KVM_MEM_READONLY a guest write exits to user space as MMIO instead of landing.
#pragma once

#include <cstddef>
#include <cstdint>

#include "realvm/vmm/kvm_system.hpp"
#include "realvm/vmm/vm.hpp"

namespace vtick::realvm::vmm {

class ReadonlySlot {
 public:
  /// Maps `bytes` (rounded up to pages) at host `address` (page-aligned) to guest-physical
  /// `gpa` as slot `slot`. Throws KvmUnavailable without KVM_CAP_READONLY_MEM.
  ReadonlySlot(const KvmSystem& kvm, const Vm& vm, std::uint32_t slot, std::uint64_t gpa, const void* address,
               std::size_t bytes);
  ~ReadonlySlot();  // deletes the slot (memory_size 0) before the mapping can go
  ReadonlySlot(const ReadonlySlot&) = delete;
  ReadonlySlot& operator=(const ReadonlySlot&) = delete;

 private:
  const Vm& vm_;
  std::uint32_t slot_;
  std::uint64_t gpa_;
};

}  // namespace vtick::realvm::vmm
