// /dev/kvm itself: the API version and the capabilities every vtick VM relies on.
#pragma once

#include <linux/kvm.h>

#include <cstddef>
#include <string>
#include <vector>

#include "realvm/vmm/fd.hpp"

namespace vtick::realvm::vmm {

class KvmSystem {
 public:
  /// Opens `device` and checks the API version and required capabilities; throws
  /// KvmUnavailable saying what is missing.
  explicit KvmSystem(const std::string& device = "/dev/kvm");

  int fd() const { return fd_.get(); }
  bool has(long capability) const;
  /// Size of the per-vCPU kvm_run area to mmap.
  std::size_t vcpu_mmap_size() const { return vcpu_mmap_size_; }
  /// The CPUID leaves KVM can offer (includes the KVM paravirt leaves 0x40000000+).
  std::vector<kvm_cpuid_entry2> supported_cpuid() const;

 private:
  Fd fd_;
  std::size_t vcpu_mmap_size_ = 0;
};

}  // namespace vtick::realvm::vmm
