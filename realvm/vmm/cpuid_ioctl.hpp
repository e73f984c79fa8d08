// KVM's CPUID ioctls, spelled for C++. <linux/kvm.h> declares struct kvm_cpuid2's entries
// with __DECLARE_FLEX_ARRAY, which in C++ (uapi headers before Linux 6.5) wraps an empty
// struct that C++ sizes as one byte: sizeof(kvm_cpuid2) becomes 12, not 8, and with it the
// size encoded in KVM_GET_SUPPORTED_CPUID / KVM_SET_CPUID2 and the entries' offset, so KVM
// rejects the calls with EINVAL. These use the C layout: an 8-byte header, entries after it.
#pragma once

#include <linux/kvm.h>
#include <sys/ioctl.h>

#include <cstdint>
#include <vector>

namespace vtick::realvm::vmm {

struct CpuidHeader {  // struct kvm_cpuid2 without its flexible array
  std::uint32_t nent;
  std::uint32_t padding;
};
static_assert(sizeof(CpuidHeader) == 8);

constexpr unsigned long kGetSupportedCpuid = _IOWR(KVMIO, 0x05, CpuidHeader);
constexpr unsigned long kSetCpuid2 = _IOW(KVMIO, 0x90, CpuidHeader);

/// A kvm_cpuid2 in C layout with room for `capacity` entries.
class CpuidBuffer {
 public:
  explicit CpuidBuffer(std::size_t capacity)
      : words_((sizeof(CpuidHeader) + capacity * sizeof(kvm_cpuid_entry2)) / sizeof(std::uint32_t)) {
    header()->nent = static_cast<std::uint32_t>(capacity);
  }
  CpuidHeader* header() { return reinterpret_cast<CpuidHeader*>(words_.data()); }
  kvm_cpuid_entry2* entries() { return reinterpret_cast<kvm_cpuid_entry2*>(words_.data() + 2); }
  void* ioctl_argument() { return words_.data(); }

 private:
  std::vector<std::uint32_t> words_;  // kvm_cpuid_entry2 is 40 bytes of __u32s: 4-byte alignment suffices
};

}  // namespace vtick::realvm::vmm
