#include "realvm/vmm/kvm_system.hpp"

#include <fcntl.h>
#include <sys/ioctl.h>

#include <cerrno>
#include <cstring>

#include "realvm/vmm/cpuid_ioctl.hpp"
#include "realvm/vmm/error.hpp"

namespace vtick::realvm::vmm {
namespace {

struct RequiredCapability {
  long capability;
  const char* why;
};

// Every run uses these; the PIT ones are cheap to require, since every x86 KVM since
// Linux 2.6.30 has them, and it keeps "which scheme works here" out of the error story.
constexpr RequiredCapability kRequired[] = {
    {KVM_CAP_USER_MEMORY, "guest memory from user space (KVM_CAP_USER_MEMORY)"},
    {KVM_CAP_IRQCHIP, "in-kernel PIC/IOAPIC/LAPIC (KVM_CAP_IRQCHIP)"},
    {KVM_CAP_IRQ_INJECT_STATUS, "coalesced-interrupt status for lost-tick policies (KVM_CAP_IRQ_INJECT_STATUS)"},
    {KVM_CAP_PIT2, "in-kernel PIT (KVM_CAP_PIT2)"},
    {KVM_CAP_REINJECT_CONTROL, "PIT tick reinjection switch (KVM_CAP_REINJECT_CONTROL)"},
    {KVM_CAP_IMMEDIATE_EXIT, "stopping a running vCPU (KVM_CAP_IMMEDIATE_EXIT)"},
    {KVM_CAP_EXT_CPUID, "CPUID setup (KVM_CAP_EXT_CPUID)"},
};

}  // namespace

KvmSystem::KvmSystem(const std::string& device) {
  fd_ = Fd(::open(device.c_str(), O_RDWR | O_CLOEXEC));
  if (!fd_.valid()) {
    throw KvmUnavailable("cannot open " + device + ": " + std::strerror(errno) +
                         " (is KVM enabled, and may this user open it?)");
  }
  const int version = ::ioctl(fd_.get(), KVM_GET_API_VERSION, 0);
  if (version != KVM_API_VERSION) {
    throw KvmUnavailable(device + " speaks KVM API version " + std::to_string(version) +
                         ", this VMM needs " + std::to_string(KVM_API_VERSION));
  }
  for (const RequiredCapability& required : kRequired) {
    if (!has(required.capability)) {
      throw KvmUnavailable(device + " lacks " + required.why);
    }
  }
  const int mmap_size = ::ioctl(fd_.get(), KVM_GET_VCPU_MMAP_SIZE, 0);
  if (mmap_size <= 0) {
    throw_errno("KVM_GET_VCPU_MMAP_SIZE");
  }
  vcpu_mmap_size_ = static_cast<std::size_t>(mmap_size);
}

bool KvmSystem::has(long capability) const {
  return ::ioctl(fd_.get(), KVM_CHECK_EXTENSION, capability) > 0;
}

std::vector<kvm_cpuid_entry2> KvmSystem::supported_cpuid() const {
  // KVM fails with E2BIG until the buffer is big enough; grow it.
  for (std::size_t capacity = 64; capacity <= 4096; capacity *= 2) {
    CpuidBuffer cpuid(capacity);
    if (::ioctl(fd_.get(), kGetSupportedCpuid, cpuid.ioctl_argument()) == 0) {
      return {cpuid.entries(), cpuid.entries() + cpuid.header()->nent};
    }
    if (errno != E2BIG) {
      throw_errno("KVM_GET_SUPPORTED_CPUID");
    }
  }
  throw VmmError("KVM_GET_SUPPORTED_CPUID: more than 4096 CPUID entries");
}

}  // namespace vtick::realvm::vmm
